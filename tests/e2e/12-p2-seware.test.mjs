// P2 (SEWARE, 24×7 service desk): support is owed only while the customer's contract is in force:
// a ticket for a customer whose contract has ended is flagged on the form, registered only with a
// reason, and found again in the queue's filter and the month's report; it is linked to another
// ticket, and both show the link. Then the ticket climbs
// the escalation directory from the service-desk operator (level 1) to the technology director
// (level 4), each step recorded in the history.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act } from './profiles.mjs';

/** Fills the P2 registration form (the contract reason is left to the caller). */
async function fillTicket(page, customer, description) {
  await page.selectOption('#request_kind', 'incidente');
  await page.selectOption('#channel', 'telefono');
  await page.fill('#customer', customer);
  await page.fill('#solicitante', 'Jefe de sistemas');
  await page.fill('#correo', 'sistemas@example.invalid');
  await page.fill('#description', description);
}

test('P2: a ticket outside the contract needs a reason and is flagged; escalate level 1 → 4', async ({ page, app }) => {
  await useProfile(page, app.url, 'p2-seware');

  // The desk's customer, whose contract ended last year (the day reported is today).
  const lastYear = new Date().getFullYear() - 1;
  await page.goto(`${app.url}/#/ajustes`);
  await page.click('#add-customer');
  const card = page.locator('fieldset.customer').last();
  await card.locator('input.customer-name').fill('Secretaría de Finanzas');
  await card.locator('input.contract-start').fill(`${lastYear}-01-01`);
  await card.locator('input.contract-end').fill(`${lastYear}-12-31`);
  await page.click('#save-customers');
  await page.waitForSelector('.customers .saved:not(:empty)');

  // A customer not on file is not flagged: registered as usual.
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#solicitante');
  // P2 calls a ticket «requerimiento»: the words around it agree (masculine), in the header and the page.
  assert.equal((await page.locator('header nav a.primary').textContent()).trim(), 'Nuevo requerimiento');
  assert.equal((await page.locator('h1').textContent()).trim(), 'Nuevo requerimiento');
  // P2 has no sensible first kind: the form asks for it instead of opening on "Queja".
  assert.equal(await page.inputValue('#request_kind'), '');
  await page.click('button[type=submit]');
  await eventually(async () => (await page.locator('#request_kind-problem').textContent()) === 'Este campo es obligatorio.',
    'the kind is asked for');
  await fillTicket(page, 'Hospital Central', 'Impresoras de admisión sin red');
  assert.equal(await page.locator('#contract-notice').count(), 0, 'no notice for a customer not on file');
  await page.click('button[type=submit]');
  const inForce = (await page.locator('.saved .ticket-number').textContent({ timeout: 10_000 })).trim();

  // The customer on file: the form says its contract does not cover today and asks why.
  await fillTicket(page, 'Secretaría de Finanzas', 'El portal de pagos no carga desde las 8:00');
  await eventually(async () => (await page.locator('#contract-notice').count()) === 1, 'the contract notice shows');
  assert.match(await page.locator('#contract-notice').textContent(), new RegExp(`${lastYear}-01-01 – ${lastYear}-12-31`));
  await page.click('button[type=submit]');
  await eventually(async () => /Escriba el motivo para atender fuera de contrato/.test(
    await page.locator('#contract_reason-problem').textContent()), 'the reason is asked for by its label');
  assert.equal(await page.locator('.saved .ticket-number').count(), 0, 'nothing registered without a reason');
  await page.fill('#contract_reason', 'Renovación en trámite; autorizó el líder de mesa');
  await eventually(async () => (await page.locator('#contract_reason-problem').textContent()) === '', 'the problem clears once written');
  await page.click('button[type=submit]');
  const number = (await page.locator('.saved .ticket-number').textContent({ timeout: 10_000 })).trim();
  assert.notEqual(number, inForce);

  // The queue: both tickets; "outside the contract only" keeps the flagged one.
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector(`li.ticket[data-number="${number}"]`);
  assert.equal(await page.locator('li.ticket').count(), 2);
  assert.match(await page.locator(`li.ticket[data-number="${number}"] .meta`).textContent(), /Fuera de contrato/);
  await page.locator('details.filters summary').click();
  // The customer filter lists the queue's customers once the filters are open (made then, not
  // at every start), and a customer chosen stays shown after closing and opening them again.
  await eventually(async () => (await page.locator('#filter-customer option').count()) === 3, 'the customers listed');
  assert.deepEqual((await page.locator('#filter-customer option').allTextContents()).slice(1),
    ['Hospital Central', 'Secretaría de Finanzas']);
  await page.selectOption('#filter-customer', 'Hospital Central');
  await eventually(async () => (await page.locator('li.ticket').count()) === 1, 'one ticket of that customer');
  assert.equal(await page.locator('li.ticket').getAttribute('data-number'), inForce);
  await page.locator('details.filters summary').click();
  await page.locator('details.filters summary').click();
  assert.equal(await page.inputValue('#filter-customer'), 'Hospital Central', 'the chosen customer still shown');
  await page.selectOption('#filter-customer', '');
  await eventually(async () => (await page.locator('li.ticket').count()) === 2, 'both tickets again');
  await page.check('#filter-contract');
  await eventually(async () => (await page.locator('li.ticket').count()) === 1, 'the filter keeps one ticket');
  assert.equal(await page.locator('li.ticket').getAttribute('data-number'), number);

  // The month's report lists it, with the channel it came in through.
  await page.goto(`${app.url}/#/informes`);
  const section = page.locator('section.report-contract');
  await eventually(async () => (await section.count()) === 1 && (await section.textContent()).includes(number),
    'the report lists the ticket outside the contract', 20_000);
  assert.doesNotMatch(await section.textContent(), new RegExp(inForce));
  const phone = page.locator('section.report-channels tr[data-code="telefono"]');
  assert.match(await phone.textContent(), /Soporte telefónico 24×7\s*2/);

  // The ticket page shows the flag and its reason, and the channel.
  await page.goto(`${app.url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  await page.waitForSelector('[data-testid="ticket-contract"]');
  assert.match(await page.locator('[data-testid="ticket-contract"]').textContent(), /Renovación en trámite; autorizó el líder de mesa/);
  assert.match(await page.locator('.facts').textContent(), /CanalSoporte telefónico 24×7/);

  // Related tickets: linked from this page by the other's number, shown on both with the
  // relation seen from each side.
  const linkProblem = () => page.locator('#link-number-problem').textContent();
  await page.fill('#link-number', 'SEW-000000-XXXXX');
  await page.click('form.related-form button[type=submit]');
  await eventually(async () => (await linkProblem()) === 'No hay ningún requerimiento con ese número en este dispositivo.',
    'an unknown number is named');
  await page.selectOption('#link-relation', 'caused_by');
  await page.fill('#link-number', inForce);
  await page.click('form.related-form button[type=submit]');
  await eventually(async () => (await page.locator('.related-list li').count()) === 1, 'the link shows on this ticket');
  assert.equal(await linkProblem(), '');
  assert.equal((await page.locator('.related-list li').textContent()).trim(), `Causada por ${inForce}`);
  await page.locator('.related-list a').click();
  await eventually(async () => (await page.getByTestId('ticket-number').textContent()) === inForce, 'the other ticket opens');
  const inverse = page.locator('.related-list li[data-relation="causes"]');
  await eventually(async () => (await inverse.count()) === 1, 'the other ticket shows the link too');
  assert.equal((await inverse.textContent()).trim(), `Causa de ${number}`);
  await page.locator('.related-list a').click();
  await eventually(async () => (await page.getByTestId('ticket-number').textContent()) === number, 'back on the first ticket');

  await page.waitForSelector('details.action[data-action="escalate"]');

  // Where a ticket is escalated, the levels say what they mean: the ticket's own, and the one
  // chosen (area, criticality, impact, responsibilities).
  await page.locator('details.action[data-action="escalate"] summary').click();
  const current = page.locator('.level-meaning[data-level="1"]');
  await eventually(async () => (await current.count()) === 1, 'the current level is explained');
  assert.match(await current.textContent(), /Nivel actual.*Área responsablePersonal de mesa de servicio.*Consultar la base de conocimiento/);
  const third = await page.locator('#a-escalate-escalation').evaluate((el) =>
    [...el.options].find((o) => o.textContent.includes('Tercer nivel'))?.value);
  await page.selectOption('#a-escalate-escalation', third);
  const chosen = page.locator('.level-meaning[data-level="3"]');
  await eventually(async () => (await chosen.count()) === 1, 'the chosen level is explained');
  assert.match(await chosen.textContent(), /Nivel elegido.*Técnico especializado.*CriticidadAlta.*ImpactoPérdida de funcionalidad.*Solución permanente/);
  await page.selectOption('#a-escalate-escalation', '');
  await page.locator('details.action[data-action="escalate"] summary').click();

  const roles = ['Líder de mesa de servicio', 'Líder de proyecto', 'Director de tecnología'];
  for (const [i, role] of roles.entries()) {
    const select = page.locator('#a-escalate-escalation');
    await page.locator('details.action[data-action="escalate"] summary').click();
    const value = await select.evaluate((el, wanted) =>
      [...el.options].find((o) => o.textContent.startsWith(wanted))?.value, role);
    assert.ok(value, `the directory offers ${role}`);
    await act(page, 'escalate', { escalation: value });
    await eventually(async () => (await page.locator('.timeline, .history').first().textContent()).split('Escalado').length - 1 === i + 1,
      `${i + 1} escalations in the history`);
  }
  const history = await page.locator('.timeline, .history').first().textContent();
  assert.match(history, /Director de tecnología|nivel 4/);
});
