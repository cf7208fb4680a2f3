// The customer is chosen, not typed, where the desk has customers (#18): the registration form
// offers the desk's customers as the person types, then that customer's sites and its contacts'
// e-mails, and says who the process's messages will go to. A name not on file is kept as typed
// and linked later from the ticket page; after the link, the ticket's messages reach the record's
// contacts.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act, addBancoAndino } from './profiles.mjs';

const options = (page, list) =>
  page.locator(`datalist#${list} option`).evaluateAll((os) => os.map((o) => o.value));

test('Registration offers the customers on file; a customer typed by hand is linked later', async ({ page, app }) => {
  await useProfile(page, app.url, 'p3-cirion');
  await addBancoAndino(page, app.url);

  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#contacto');
  await page.selectOption('#request_kind', 'tecnico');
  assert.equal(await page.locator('#customer').getAttribute('list'), 'customers-on-file');
  await eventually(async () => (await options(page, 'customers-on-file')).includes('Banco Andino'),
    'the desk\'s customers are offered');
  await page.fill('#customer', 'banco andino');
  const note = page.locator('#customer-on-file');
  await eventually(async () => /Los mensajes del proceso irán a/.test(await note.textContent()), 'who is written to');
  const text = await note.textContent();
  assert.match(text, /NOC Banco Andino \(noc@banco-andino\.example\)/);
  assert.match(text, /Jefa de TI \(ti@banco-andino\.example\)/);
  assert.doesNotMatch(text, /ventas@/, 'only the role the process writes to');
  assert.deepEqual(await options(page, 'customer-sites'), ['Matriz Quito']);
  assert.equal(await page.locator('#site').getAttribute('list'), 'customer-sites');
  assert.equal(await page.locator('#correo').getAttribute('list'), 'customer-emails');
  assert.ok((await options(page, 'customer-emails')).includes('noc@banco-andino.example'));

  // A name not on file is kept as typed, and the form says it can be linked later.
  await page.fill('#customer', 'Bco. Andino (matriz)');
  await eventually(async () => /No está entre los clientes de la mesa/.test(await note.textContent()), 'not on file');
  assert.deepEqual(await options(page, 'customer-sites'), []);
  await page.fill('#site', 'Matriz Quito');
  await page.fill('#contacto', 'Carla Mena');
  await page.fill('#telefono', '+593 99 123 4567');
  await page.fill('#description', 'Enlace caído');
  await page.click('button[type=submit]');
  const number = (await page.locator('.ticket-number').textContent({ timeout: 10_000 })).trim();
  await page.goto(`${app.url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  await page.waitForSelector('section.notifications');
  // Registration's message found nobody: the typed name has no contacts.
  await eventually(async () => (await page.locator('section.notifications li.notification[data-no-recipients="true"]').count()) === 1,
    'the registration message has nobody to go to');

  // Linked to the record: the name, the history, and the next message's addressees follow it.
  const link = page.locator('details.action[data-action="link_customer"]');
  await eventually(async () => (await link.count()) === 1, 'the link is offered');
  await act(page, 'link_customer', { customer: 'Banco Andino' });
  await eventually(async () => (await page.locator('.ticket-head .who strong').textContent()) === 'Banco Andino', 'linked');
  assert.equal(await link.count(), 0, 'a linked ticket is not offered the link again');
  assert.match(await page.locator('section.timeline').textContent(), /Cliente vinculado/);
  await act(page, 'move_stage', { stage: 'diagnostico' });
  const reached = page.locator('section.notifications li.notification', { hasText: 'noc@banco-andino.example' });
  await eventually(async () => (await reached.count()) === 1, 'the next message goes to the record\'s contacts');
});
