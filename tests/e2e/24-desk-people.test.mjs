// The desk's people (#18, P4 and P5): agents and technicians kept in Ajustes › Personas (a
// problem shows beside its field, named by its label), offered when assigning — those competent
// in the request kind first, with the load each already carries — and listed by the queue's
// assignee filter even before they have a ticket.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act } from './profiles.mjs';
import { registerTicket } from './desk.mjs';

/** Fills one person's row (`i`) in Ajustes › Personas. */
async function fillPerson(page, i, { name, level, skills, email }) {
  await page.fill(`#person-${i}-name`, name);
  await page.fill(`#person-${i}-level`, level);
  await page.fill(`#person-${i}-skills`, skills);
  await page.fill(`#person-${i}-email`, email);
}

/** Registers a P5 provisioning request for `customer` and opens it from the confirmation. */
async function provisioning(page, url, customer) {
  await page.goto(`${url}/#/nueva`);
  await page.waitForSelector('#contacto');
  await page.selectOption('#request_kind', 'aprovisionamiento');
  await page.fill('#customer', customer);
  await page.fill('#contacto', 'NOC del cliente');
  await page.fill('#correo', 'noc@example.invalid');
  await page.fill('#description', 'Activar un puerto nuevo de 10 Gbps');
  await page.click('button[type=submit]');
  await page.locator('a.ticket-number').click();
  await page.waitForSelector('details.action[data-action="assign"]');
}

/** Opens the assign form and waits for the desk's proposals. */
async function openAssign(page) {
  const box = page.locator('details.action[data-action="assign"]');
  await box.locator('summary').click();
  await box.evaluate((el) => { el.open = true; });
  await page.waitForSelector('#assign-suggestions li.assign-suggestion');
  return box;
}

test('People: added in Ajustes with skills, proposed by competence with their load when assigning, listed by the queue filter', async ({ page, app }) => {
  await useProfile(page, app.url, 'p5-megaport');
  await page.goto(`${app.url}/#/ajustes`);
  await page.waitForSelector('#add-person:not([disabled])');

  // A person without a name is not saved: the problem shows beside the field, by its label.
  await page.click('#add-person');
  await page.click('#save-people');
  await eventually(async () => (await page.locator('#person-0-name-problem').textContent()).includes('«Nombre» es obligatorio'),
    'the missing name is named beside the field');
  assert.equal(await page.locator('#person-0-name').getAttribute('aria-invalid'), 'true');
  // Skills are picked from the process's request kinds (or typed).
  await fillPerson(page, 0, { name: 'Lucía Pérez', level: '2', skills: '', email: 'lucia@' });
  const kindBox = (i, kind) => page.locator(`fieldset.person[data-row="${i}"] fieldset.skill-kinds label`, { hasText: kind }).locator('input');
  await kindBox(0, 'Aprovisionamiento').check();
  assert.equal(await page.inputValue('#person-0-skills'), 'Aprovisionamiento');
  await kindBox(0, 'Incidente').check();
  await kindBox(0, 'Incidente').uncheck();
  assert.equal(await page.inputValue('#person-0-skills'), 'Aprovisionamiento');
  await page.click('#save-people');
  await eventually(async () => (await page.locator('#person-0-email-problem').textContent()).includes('«Correo electrónico» no es un correo válido'),
    'a malformed e-mail is named beside the field');
  await page.fill('#person-0-email', 'lucia@example.invalid');
  await page.click('#add-person');
  await fillPerson(page, 1, { name: 'Tomás Ruiz', level: '1', skills: 'Incidente, Consulta general', email: 'tomas@example.invalid' });
  await page.click('#save-people');
  await eventually(async () => (await page.locator('#people-saved').textContent()) === 'Personas guardadas.', 'people saved');
  assert.equal(await page.locator('fieldset.person').count(), 2);
  assert.equal(await page.locator('#person-0-email-problem').textContent(), '');
  // Saved as desk records: each row now carries its record id, and a reload reads them back.
  await page.reload();
  await eventually(async () => (await page.locator('fieldset.person').count()) === 2, 'people read back after a reload');
  assert.equal(await page.inputValue('#person-0-name'), 'Lucía Pérez');
  assert.equal(await page.inputValue('#person-1-skills'), 'Incidente, Consulta general');
  assert.ok(await page.locator('fieldset.person[data-row="1"] fieldset.skill-kinds label', { hasText: 'Consulta general' }).locator('input').isChecked(),
    'typed skills tick their kinds');
  assert.ok((await page.locator('fieldset.person').first().getAttribute('data-id')).startsWith('lucia-perez-'));

  // A provisioning request: Lucía (competent in it) is proposed, with no load yet; Tomás is
  // offered in the list but not proposed.
  await provisioning(page, app.url, 'Operador Andino');
  let box = await openAssign(page);
  const proposals = box.locator('#assign-suggestions li.assign-suggestion');
  assert.equal(await proposals.count(), 1);
  assert.equal(await proposals.first().getAttribute('data-reason'), 'competence');
  assert.match(await proposals.first().textContent(), /Lucía Pérez Competente en «Aprovisionamiento» · Nivel 2 · Carga: 0 abiertas/);
  const offered = await box.locator('datalist#a-assign-people option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(offered, ['Lucía Pérez', 'Tomás Ruiz']);
  await proposals.first().locator('button.pick-assignee').click();
  assert.equal(await page.inputValue('#a-assign-assignee'), 'Lucía Pérez');
  await box.locator('button[type=submit]').click();
  await eventually(async () => ((await page.locator('.actions .saved').textContent().catch(() => '')) || '').includes('Asignar'),
    'assignment saved');

  // A second one: Lucía now carries one open request.
  await provisioning(page, app.url, 'Operador Andino');
  box = await openAssign(page);
  await eventually(async () => /Carga: 1 abierta\b/.test(await box.locator('#assign-suggestions li').first().textContent()),
    'the load counts the request already assigned to her');
  // A name not on file can still be typed.
  await act(page, 'assign', { assignee: 'Turno de noche' });
  await eventually(async () => ((await page.locator('.actions .saved').textContent().catch(() => '')) || '').includes('Asignar'),
    'typed assignment saved');

  // The queue's assignee filter lists the desk's people (Tomás has no ticket yet; read once the
  // filters are opened) and the typed name; filtering by Lucía shows her request.
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('#queue-search');
  await page.locator('details.filters summary').click();
  await eventually(async () => (await page.locator('#filter-assignee option').allTextContents()).includes('Tomás Ruiz'),
    'people listed by the assignee filter');
  const names = await page.locator('#filter-assignee option').allTextContents();
  assert.deepEqual(names.slice(1), ['Lucía Pérez', 'Tomás Ruiz', 'Turno de noche']);
  await page.selectOption('#filter-assignee', 'Lucía Pérez');
  await eventually(async () => (await page.locator('li.ticket').count()) === 1, 'one request assigned to Lucía');
});

test('People: P4 proposes the technician on the customer\'s account first; a deactivated person is no longer offered', async ({ page, app }) => {
  await useProfile(page, app.url, 'p4-callmyway');
  await page.goto(`${app.url}/#/ajustes`);
  await page.waitForSelector('#add-person:not([disabled])');
  await page.click('#add-person');
  await fillPerson(page, 0, { name: 'Marta Gil', level: '2', skills: '', email: 'marta@example.invalid' });
  await page.click('#add-person');
  await fillPerson(page, 1, { name: 'Raúl Soto', level: '2', skills: 'Incidente', email: 'raul@example.invalid' });
  await page.click('#add-person');
  await fillPerson(page, 2, { name: 'Iván Mora', level: '3', skills: 'Incidente', email: 'ivan@example.invalid' });
  await page.click('#save-people');
  await eventually(async () => (await page.locator('#people-saved').textContent()) === 'Personas guardadas.', 'people saved');

  // Iván leaves the desk: deactivated, kept on file, marked as such.
  const rows = await page.locator('fieldset.person').count();
  for (let i = 0; i < rows; i += 1) {
    if ((await page.inputValue(`#person-${i}-name`)) === 'Iván Mora') {
      await page.locator('fieldset.person').nth(i).locator('button.toggle-person').click();
    }
  }
  await page.click('#save-people');
  await eventually(async () => (await page.locator('fieldset.person[data-active="false"]').count()) === 1, 'Iván inactive');
  assert.match(await page.locator('fieldset.person[data-active="false"]').textContent(), /Inactiva: no se ofrece al asignar/);

  // Hotel Brisa's account is Marta's.
  await page.click('#add-customer');
  const card = page.locator('fieldset.customer').last();
  await card.locator('input.customer-name').fill('Hotel Brisa');
  await eventually(async () => (await card.locator('select.account-technician option').count()) === 3, 'active people offered');
  await card.locator('select.account-technician').selectOption({ label: 'Marta Gil' });
  await page.click('#save-customers');
  await eventually(async () => ((await page.locator('.customers .saved').textContent()) || '').length > 0, 'customer saved');

  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#usuario');
  await registerTicket(page, { customer: 'Hotel Brisa', user: 'Recepción', description: 'Sin tono en recepción' });
  await page.locator('a.ticket-number').click();
  await page.waitForSelector('details.action[data-action="assign"]');
  const box = await openAssign(page);
  const proposals = box.locator('#assign-suggestions li.assign-suggestion');
  await eventually(async () => (await proposals.count()) === 2, 'two proposals');
  assert.deepEqual(await proposals.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-reason'))), ['account_technician', 'competence']);
  assert.match(await proposals.nth(0).textContent(), /Marta Gil Técnico de la cuenta del cliente · Nivel 2 · Carga: 0 abiertas/);
  assert.match(await proposals.nth(1).textContent(), /Raúl Soto/);
  const offered = await box.locator('datalist#a-assign-people option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(!offered.includes('Iván Mora'), 'the deactivated person is not offered');
  await act(page, 'assign', { assignee: 'Marta Gil' });
  await eventually(async () => ((await page.locator('.actions .saved').textContent().catch(() => '')) || '').includes('Asignar'),
    'assignment saved');
});
