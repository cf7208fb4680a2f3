// The desk's name from Ajustes in the header; the escalation directory page (#/directorio) with
// every level's contacts as tel:/mailto: links, and P3's nights/weekends line marked as the one
// to call only while the office is closed.
import { test, assert, eventually } from './harness.mjs';
import { useProfile } from './profiles.mjs';

test('Header: the desk name saved in Ajustes shows in the header and survives a reload', async ({ page, app }) => {
  await useProfile(page, app.url, 'p2-seware');
  assert.equal(await page.getByTestId('desk-name').count(), 0, 'no name yet');
  await page.goto(`${app.url}/#/ajustes`);
  await page.fill('#desk-name', 'Mesa Norte');
  await page.click('#save-desk');
  await eventually(async () => (await page.getByTestId('desk-name').count()) === 1, 'name in the header');
  assert.match(await page.locator('header.top .brand').textContent(), /Mesa · Mesa Norte/);
  await page.reload();
  await eventually(async () => (await page.getByTestId('desk-name').count()) === 1, 'name after reload');
  assert.match(await page.getByTestId('desk-name').textContent(), /Mesa Norte/);
});

/** Makes the app's clock read `iso` (the test-hooks offset), then opens the directory. */
async function directoryAt(page, url, iso) {
  await page.addInitScript((target) => {
    window.__mesaTestClockOffset = Date.parse(target) - Date.now();
  }, iso);
  await page.goto(`${url}/#/directorio`);
  await page.reload(); // a hash change alone does not run the init script
  await page.waitForSelector('.directory-page');
}

test('Directory: levels with tel:/mailto: links; the after-hours line answers only when the office is closed', async ({ page, app }) => {
  await useProfile(page, app.url, 'p3-cirion');
  // Wednesday 10:00 in Guayaquil: the office is open.
  await directoryAt(page, app.url, '2026-11-25T15:00:00Z');
  await page.getByRole('link', { name: 'Directorio' }).first().waitFor();
  const levels = page.locator('section.directory-level');
  assert.equal(await levels.count(), 3);
  const first = levels.first();
  assert.match(await first.locator('h2').textContent(), /Nivel 1/);
  assert.match(await first.textContent(), /Supervisores TSC/);
  assert.equal(await first.locator('a[href^="tel:"]').first().getAttribute('href'), 'tel:+000000000101');
  assert.equal(await first.locator('a[href^="mailto:"]').first().getAttribute('href'), 'mailto:supervision.tsc@example.invalid');
  const line = page.locator('section.after-hours');
  assert.equal(await line.getAttribute('data-applies'), 'false');
  assert.match(await line.locator('.after-hours-state').textContent(), /No se usa ahora/);

  // Saturday 03:00 in Guayaquil: nights/weekends line first, said in words.
  await directoryAt(page, app.url, '2026-11-28T08:00:00Z');
  await eventually(async () => (await line.getAttribute('data-applies')) === 'true', 'after-hours applies');
  assert.match(await line.locator('.after-hours-state').textContent(), /Atiende ahora: fuera del horario «Horario de oficina»/);
  assert.match(await line.textContent(), /noches, fines de semana y feriados/);
  assert.equal(await line.locator('a[href^="tel:"]').first().getAttribute('href'), 'tel:+000000001199');
  const box = await line.boundingBox();
  const levelBox = await levels.first().boundingBox();
  assert.ok(box.y < levelBox.y, 'the line that answers now comes first');
});

test('Ajustes: browser notifications are asked for on request and the answer is shown', async ({ page, app }) => {
  await useProfile(page, app.url, 'p2-seware');
  await page.goto(`${app.url}/#/ajustes`);
  const state = page.locator('.notify-state');
  // A fresh profile has not answered yet: the button asks.
  assert.equal(await state.getAttribute('data-state'), 'default');
  const ask = page.locator('#ask-notify');
  assert.equal(await ask.isEnabled(), true);
  // The user allows it in the browser's prompt (Playwright answers the prompt for the test).
  await page.context().grantPermissions(['notifications'], { origin: app.url });
  await ask.click();
  await eventually(async () => (await state.getAttribute('data-state')) === 'granted', 'granted after asking');
  assert.equal(await state.textContent(), 'Avisos permitidos.');
  assert.equal(await ask.isEnabled(), false, 'nothing more to ask');
  await page.reload();
  await page.waitForSelector('.notify-state');
  assert.equal(await page.locator('.notify-state').getAttribute('data-state'), 'granted');
});

test('First steps: a new desk lists what to set up, marks each step as it is done, and can be hidden', async ({ page, app }) => {
  await page.goto(`${app.url}/#/`);
  const steps = page.locator('#first-steps');
  await steps.waitFor();
  const state = async (id) => ({
    done: await page.locator(`#first-step-${id}`).getAttribute('data-done'),
    text: await page.locator(`#first-step-${id} .first-step-state`).textContent(),
  });
  assert.match(await steps.textContent(), /Bienvenido a Mesa\. Antes de registrar tickets, elija el proceso/);
  assert.deepEqual(await state('process'), { done: 'false', text: 'pendiente' });
  assert.equal(await page.locator('#first-steps-hide').count(), 0, 'the process must be picked first');

  // Pick a process in Ajustes, as a provider does: the app reloads with it.
  await page.goto(`${app.url}/#/ajustes`);
  await page.locator('input[name=preset][value="p4-callmyway"]').check();
  await Promise.all([page.waitForEvent('load'), page.click('#use-preset')]);
  await steps.waitFor();
  assert.deepEqual(await state('process'), { done: 'true', text: 'hecho' });
  assert.deepEqual(await state('name'), { done: 'false', text: 'pendiente' });
  assert.deepEqual(await state('customers'), { done: 'false', text: 'pendiente' });
  assert.equal((await state('directory')).text, 'opcional');

  // Name the desk and add a customer: each step is marked done as it is saved.
  await page.fill('#desk-name', 'Mesa VoIP');
  await page.click('#save-desk');
  await eventually(async () => (await state('name')).done === 'true', 'name step done');
  await page.click('#add-customer');
  await page.locator('fieldset.customer').last().locator('input.customer-name').fill('Hotel Brisa');
  await page.click('#save-customers');
  await eventually(async () => (await state('customers')).done === 'true', 'customers step done');

  // Still listed on other pages until hidden; hidden for good after that.
  await page.goto(`${app.url}/#/`);
  await steps.waitFor();
  await page.click('#first-steps-hide');
  await eventually(async () => (await steps.count()) === 0, 'hidden');
  await page.reload();
  await page.waitForSelector('#queue-search');
  assert.equal(await page.locator('#first-steps').count(), 0, 'still hidden after a reload');
});
