// The event is the one synchronous write (#21): an action is «guardado» once its events have
// committed; the ticket projection the queue reads is written after, in a second transaction.
// A tab closed at once after «guardado», before that second transaction, loses nothing: the
// next open folds the events past the watermark, and the queue (the full list, what search and
// filters work on) shows the ticket as it is.
import { test, assert, eventually } from './harness.mjs';
import { registerTicket } from './desk.mjs';
import { act } from './profiles.mjs';

/** The queue row of ticket `number` once the full list has loaded (the search is enabled). */
async function fullQueueRow(page, url, number) {
  await page.goto(`${url}/#/`);
  await page.waitForSelector('section.queue[aria-busy="false"]');
  return page.locator('li.ticket', { has: page.locator('.number', { hasText: number }) });
}

test('a tab closed right after «guardado», before the projection is written, loses nothing', async ({ context, page, app }) => {
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#customer');
  const number = await registerTicket(page, { customer: 'Minera Sur', user: 'Ana Ruiz', description: 'Sin enlace en el campamento' });
  await page.goto(`${app.url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  await page.waitForSelector('details.action[data-action="assign"]');

  // The next action stops after its events' transaction, as a tab closed in between would.
  await page.evaluate(() => { window.__mesaTestSkipNextProjection = true; });
  await act(page, 'assign', { assignee: 'Turno de noche' });
  await eventually(async () => ((await page.locator('.actions .saved').textContent().catch(() => '')) || '').includes('Asignar'),
    'assignment saved');
  assert.equal(await page.evaluate(() => window.__mesaTestSkipNextProjection), undefined, 'the hook was taken by this action');
  await page.close({ runBeforeUnload: false });

  const again = await context.newPage();
  const errors = [];
  again.on('pageerror', (e) => errors.push(String(e)));
  const row = await fullQueueRow(again, app.url, number);
  await eventually(async () => (await row.locator('.meta').textContent()).includes('Turno de noche'),
    'the reopened queue shows the assignment saved before the tab closed');
  assert.deepEqual(errors, []);
});

test('«guardado» shows when the events are durable, before the ticket\'s new state is derived', async ({ page, app }) => {
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#customer');
  const number = await registerTicket(page, { customer: 'Minera Sur', user: 'Ana Ruiz', description: 'Radioenlace caído en la mina' });
  await page.goto(`${app.url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  await page.waitForSelector('details.action[data-action="assign"]');

  // The next action's second transaction (signatures, projection) waits until the test says.
  await page.evaluate(() => {
    window.__mesaTestHoldNextProjection = new Promise((resolve) => { window.__mesaTestReleaseProjection = resolve; });
  });
  await act(page, 'assign', { assignee: 'Turno de noche' });
  await eventually(async () => ((await page.locator('.actions .saved').textContent().catch(() => '')) || '').includes('Asignar'),
    '«guardado» while the projection is held');
  assert.equal(await page.evaluate(() => window.__mesaTestHoldNextProjection), undefined, 'the hook was taken by this action');
  assert.ok(!(await page.locator('.ticket-head dl.facts').textContent()).includes('Turno de noche'),
    'the page does not have the new state yet: «guardado» did not wait for it');

  await page.evaluate(() => window.__mesaTestReleaseProjection());
  await eventually(async () => (await page.locator('.ticket-head dl.facts').textContent()).includes('Turno de noche'),
    'the ticket shows the assignment once its projection is derived');
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('section.queue[aria-busy="false"]');
  const row = page.locator('li.ticket', { has: page.locator('.number', { hasText: number }) });
  await eventually(async () => (await row.locator('.meta').textContent()).includes('Turno de noche'),
    'the queue shows the assignment');
});

test('«Registrado» shows when the new ticket\'s events are durable, before the queue has it', async ({ page, app }) => {
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#customer');
  // The registration's second transaction (signatures, projection) waits until the test says.
  await page.evaluate(() => {
    window.__mesaTestHoldNextProjection = new Promise((resolve) => { window.__mesaTestReleaseProjection = resolve; });
  });
  const number = await registerTicket(page, { customer: 'Minera Sur', user: 'Ana Ruiz', description: 'Caída del enlace en el puerto' });
  assert.equal(await page.evaluate(() => window.__mesaTestHoldNextProjection), undefined, 'the hook was taken by the registration');
  assert.equal(await page.inputValue('#description'), '', 'the form is cleared for the next report');
  assert.ok(!(await page.locator('button[type=submit]').isDisabled()), 'the form can be sent again');

  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('section.queue[aria-busy="false"]');
  const row = page.locator('li.ticket', { has: page.locator('.number', { hasText: number }) });
  assert.equal(await row.count(), 0, 'the queue does not have it yet: «Registrado» did not wait for it');
  await page.evaluate(() => window.__mesaTestReleaseProjection());
  await eventually(async () => (await row.count()) === 1, 'the queue shows the ticket once its projection is derived');
});
