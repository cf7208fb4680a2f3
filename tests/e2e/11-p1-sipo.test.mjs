// P1 (SIPO API support): mandatory data and the pre-report checklist refuse an incomplete report,
// then accept it; a report outside the scope is registered as rejected, with its reason and a
// number, and the customer is told why; the ticket shows the checks confirmed; the service centre
// resolves with root cause and solution and sends the solution message; with no answer from the
// customer within 24 hours of that message the ticket closes by itself.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act } from './profiles.mjs';

const problem = (page, field) => page.locator(`#${field}-problem`).textContent();

test('P1: checklist and mandatory data refuse then accept; resolve; auto-close after 24 h', async ({ page, app }) => {
  await useProfile(page, app.url, 'p1-sipo');
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#reportante');

  // Everything missing: every problem at once, each beside its field.
  await page.click('button[type=submit]');
  await eventually(async () => (await problem(page, 'api')) === 'Este campo es obligatorio.', 'API field required');
  for (const field of ['customer', 'reportante', 'telefonos', 'correos', 'description']) {
    assert.equal(await problem(page, field), 'Este campo es obligatorio.', field);
  }
  assert.match(await problem(page, 'checklist'), /Faltan verificaciones/);

  await page.fill('#customer', 'Concesionario Norte');
  await page.fill('#reportante', 'Ingeniera de integración');
  await page.fill('#telefonos', '+52 55 0000 0000');
  await page.fill('#correos', 'correo-no-valido');
  await page.fill('#description', 'La API de portabilidad responde 500 al consultar números');
  await page.fill('#api', 'API de portabilidad v2');
  const checks = page.locator('fieldset.checklist input[type=checkbox]');
  for (let i = 0; i < 3; i += 1) await checks.nth(i).check();
  await page.locator('fieldset.scope input[type=radio]').first().check();
  await page.click('button[type=submit]');
  await eventually(async () => (await problem(page, 'correos')) === 'No es una dirección de correo válida.', 'bad e-mail named');
  const missing = await problem(page, 'checklist');
  assert.match(missing, /\(IV\) Los equipos de energía están encendidos/, 'the missing check named by its label');
  assert.doesNotMatch(missing, /energia|elementos_red/, 'no internal id shown');
  assert.equal(await page.locator('.ticket-number').count(), 0, 'nothing registered yet');

  await page.fill('#correos', 'integracion@example.invalid');
  await checks.nth(3).check();
  await page.click('button[type=submit]');
  const number = (await page.locator('.ticket-number').textContent({ timeout: 10_000 })).trim();
  assert.ok(number.length > 8, number);

  // A report outside the scope: "No" does not refuse the form; it asks for the reason (not the
  // checks) and registers the report as rejected, with a number.
  await page.fill('#customer', 'Concesionario Sur');
  await page.fill('#reportante', 'Gerente comercial');
  await page.fill('#telefonos', '+52 55 0000 0001');
  await page.fill('#correos', 'comercial@example.invalid');
  await page.fill('#description', 'Solicita cotización de nuevos enlaces');
  await page.fill('#api', 'Ninguna');
  await page.locator('fieldset.scope input[type=radio]').nth(1).check();
  await page.waitForSelector('#scope_reason');
  assert.equal((await page.locator('button[type=submit]').textContent()).trim(), 'Registrar como fuera de alcance');
  await page.click('button[type=submit]');
  await eventually(async () => (await problem(page, 'scope_reason')) === 'Este campo es obligatorio.', 'the reason is asked for');
  assert.equal(await problem(page, 'checklist'), '', 'no checks asked of a report out of scope');
  assert.equal(await page.locator('.saved .ticket-number').count(), 0, 'nothing registered without the reason');
  await page.fill('#scope_reason', 'Consulta comercial sobre tarifas, no sobre la implementación de APIs');
  await page.click('button[type=submit]');
  const rejected = (await page.locator('.saved .ticket-number').textContent({ timeout: 10_000 })).trim();
  assert.notEqual(rejected, number);
  assert.match(await page.locator('.saved').textContent(), /fuera de alcance/);
  assert.equal(await page.locator('fieldset.scope input:checked').count(), 0, 'the next report starts unanswered');

  // Its page: out of scope with the reason, and the message that tells the customer why.
  await page.locator('.saved .ticket-number').click();
  await page.waitForSelector('[data-testid="ticket-rejection"]');
  assert.equal((await page.locator('[data-testid="ticket-status"]').textContent()).trim(), 'Fuera de alcance');
  assert.match(await page.locator('[data-testid="ticket-rejection"]').textContent(), /Consulta comercial sobre tarifas/);
  const told = page.locator('li.notification[data-rule="cierre"] .notification-body');
  await eventually(async () => (await told.count()) === 1, 'the customer is told why');
  assert.match(await told.textContent(), new RegExp(`${rejected}[\\s\\S]*Motivo: Consulta comercial sobre tarifas`));

  await page.goto(`${app.url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  await page.waitForSelector('details.action[data-action="resolve"]');

  // The ticket shows which pre-report checks the customer confirmed, by their labels.
  const confirmed = page.locator('.checklist-confirmed li[data-confirmed="true"]');
  assert.equal(await confirmed.count(), 4, 'the four checks confirmed');
  assert.equal(await page.locator('.checklist-confirmed li[data-confirmed="false"]').count(), 0);
  assert.match(await confirmed.nth(3).textContent(), /^Confirmada · \(IV\) Los equipos de energía están encendidos/);
  await act(page, 'resolve', { root_cause: 'Certificado vencido en el balanceador', solution: 'Se renovó el certificado' });
  await eventually(async () => /Resuelta/.test(await page.locator('.ticket-page').textContent()), 'ticket resolved');
  // The customer's 24 hours start when they are told: once the solution's message is sent.
  const verification = page.locator('[data-testid="ticket-verification"]');
  await eventually(async () => /empieza cuando se envíe el mensaje de la solución/.test(await verification.textContent()),
    'the window waits for the solution message');
  await page.locator('section.notifications li.notification[data-rule="solucion"] button.mark-sent').click();
  await eventually(async () => /puede verificar la solución hasta el .*se cierra sola/.test(await verification.textContent()),
    'the window runs from the message sent');

  // 23 hours later: still waiting for the customer's verification.
  await page.addInitScript(() => { window.__mesaTestClockOffset = 23 * 3600 * 1000; });
  await page.reload();
  await page.waitForSelector('details.action[data-action="resolve"], details.action[data-action="customer_verify"]');
  // The due runner has looked at the desk 23 h later (a finished pass) and closed nothing.
  await page.waitForFunction(() => (window.__mesaDuePasses ?? 0) >= 1);
  assert.doesNotMatch(await page.locator('.ticket-page').textContent(), /Cerrada/);
  // Less than two hours left: the customer is reminded once, with when their time ends.
  const reminder = page.locator('section.notifications li.notification[data-rule="recordatorio_verificacion"]');
  await eventually(async () => (await reminder.count()) === 1, 'one verification reminder queued');
  assert.match(await reminder.locator('.notification-body').textContent(), /tiene hasta el .* para confirmar que el servicio es normal/);

  // 25 hours later (init scripts run in order: this one wins): the verification window passed
  // with no answer, so the ticket closed by itself.
  await page.addInitScript(() => { window.__mesaTestClockOffset = 25 * 3600 * 1000; });
  await page.reload();
  await eventually(async () => /Cerrada/.test(await page.locator('.ticket-page').textContent()), 'auto-closed after 24 h', 45_000);
});
