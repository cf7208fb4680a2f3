// The walking skeleton: register tickets through the form, see validation, reload, still there.
import { test, assert, eventually } from './harness.mjs';
import { registerTicket } from './desk.mjs';

test('Spanish by default: form validation, two tickets, reload keeps them', async ({ page, app }) => {
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#customer');
  assert.equal(await page.locator('h1').textContent(), 'Nueva incidencia');
  assert.equal(await page.getAttribute('html', 'lang'), 'es');

  // Empty form: a clear message beside each empty mandatory field, nothing saved.
  await page.click('button[type=submit]');
  await eventually(async () => (await page.locator('#customer-problem').textContent()) === 'Este campo es obligatorio.',
    'customer problem shown');
  assert.equal(await page.locator('#description-problem').textContent(), 'Este campo es obligatorio.');
  assert.equal(await page.locator('.ticket-number').count(), 0);

  const first = await registerTicket(page, { customer: 'Farmacias del Norte', user: 'Laura Gómez', description: 'Sin tono en la sede norte' });
  assert.match(first, /^CMW-\d{6}-[0-9A-Z]{5}$/);
  assert.equal(await page.locator('#customer-problem').textContent(), '', 'problems cleared after saving');
  const second = await registerTicket(page, { customer: 'Hotel Brisa', user: 'Pedro Ruiz', description: 'Llamadas se cortan', severity: 's1' });
  assert.notEqual(first, second);

  await page.goto(`${app.url}/#/`);
  await eventually(async () => (await page.locator('li.ticket').count()) === 2, 'two tickets listed');
  await page.reload();
  await eventually(async () => (await page.locator('li.ticket').count()) === 2, 'two tickets after reload');
  const numbers = await page.locator('li.ticket .number').allTextContents();
  assert.deepEqual(numbers, [second, first], 'newest first');
  const customers = await page.locator('li.ticket .customer').allTextContents();
  assert.deepEqual(customers, ['Hotel Brisa', 'Farmacias del Norte']);
});

test('Registration: nothing carries over into the next ticket; an unset severity is asked for', async ({ page, app }) => {
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#usuario');
  await registerTicket(page, { customer: 'Hotel Brisa', user: 'Pedro Ruiz', description: 'Llamadas se cortan', severity: 's1' });
  // The form is as a fresh one: no severity, channel or text kept from the S1 ticket.
  assert.equal(await page.inputValue('#severity'), '', 'severity not inherited');
  assert.equal(await page.inputValue('#channel'), '', 'channel not inherited');
  assert.equal(await page.inputValue('#customer'), '');
  assert.equal(await page.inputValue('#usuario'), '');

  // A second ticket with the severity left unset is refused, with the severity asked for.
  await page.fill('#customer', 'Farmacias del Norte');
  await page.fill('#usuario', 'Laura Gómez');
  await page.fill('#description', 'Sin tono');
  await page.selectOption('#channel', 'tel_mx');
  await page.click('button[type=submit]');
  await eventually(async () => (await page.locator('#severity-problem').textContent()) === 'Este campo es obligatorio.',
    'severity asked for');
  await page.goto(`${app.url}/#/`);
  await eventually(async () => (await page.locator('li.ticket').count()) === 1, 'only the S1 ticket saved');
});

test('English can be chosen and is remembered', async ({ page, app }) => {
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('#language');
  assert.equal(await page.locator('h1').textContent(), 'Bandeja');
  await page.selectOption('#language', 'en');
  await eventually(async () => (await page.locator('h1').textContent()) === 'Queue', 'English heading');
  await page.reload();
  await eventually(async () => (await page.locator('h1').textContent()) === 'Queue', 'English kept after reload');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
});
