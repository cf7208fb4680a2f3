// P5 (Megaport): waiting on the customer pauses the restore clock; a promised update time
// written on the ticket replaces the default update frequency; each customer escalation
// ("remitir un caso") queues one message, reaching the level it climbed to.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act, clockState } from './profiles.mjs';

test('P5: wait on customer pauses restore; a promised update replaces the default', async ({ page, app }) => {
  await useProfile(page, app.url, 'p5-megaport');
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#contacto');
  await page.selectOption('#request_kind', 'incidente');
  await page.selectOption('#severity', 's1');
  await page.fill('#customer', 'Operador Andino');
  await page.fill('#contacto', 'NOC del cliente');
  await page.fill('#correo', 'noc@example.invalid');
  await page.fill('#description', 'Puerto caído en el punto de interconexión');
  await page.click('button[type=submit]');
  await page.waitForSelector('.ticket-number');

  await page.goto(`${app.url}/#/`);
  await page.locator('li.ticket .number').first().click();
  await page.waitForSelector('li.sla-clock[data-clock="restore"]');
  assert.equal(await clockState(page, 'restore'), 'running');

  await act(page, 'wait_on_customer', { reason: 'Esperando captura de tráfico del cliente' });
  await eventually(async () => (await clockState(page, 'restore')) === 'paused', 'restore clock paused while waiting');
  await act(page, 'resume');
  await eventually(async () => (await clockState(page, 'restore')) !== 'paused', 'restore clock runs again after resuming');

  // Promise the next update in two hours: the update deadline becomes that time (not now + 30 min).
  // Times are typed and shown in the desk's zone (P5's calendar: America/Bogota), whatever the
  // browser's own zone.
  const { input, shown } = await page.evaluate(() => {
    const d = new Date(Date.now() + 2 * 3600 * 1000);
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Bogota', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(d).map((p) => [p.type, p.value]));
    return { input: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`, shown: `${parts.hour}:${parts.minute}` };
  });
  assert.match(await page.locator('.clocks .zone-note').textContent(), /America\/Bogota/);
  await act(page, 'promise_update', { at: input });
  await eventually(async () => (await page.locator('li.sla-clock[data-clock="update"] .clock-deadline').textContent()).includes(shown),
    `update deadline shows the promised ${shown}`);

  // Customer escalation, twice: one message each (the «remision» rule), level 1 and the reporter,
  // and the second also reaches level 2.
  const messages = () => page.locator('section.notifications li.notification .notification-to').allTextContents();
  const before = (await messages()).length;
  await act(page, 'customer_escalation', { reason: 'impacto_negocio' });
  await eventually(async () => (await messages()).length === before + 1, 'one message for the first escalation');
  let newest = (await messages())[0];
  assert.equal(newest.match(/escalamiento\.n1@example\.invalid/g).length, 1, newest);
  assert.match(newest, /noc@example\.invalid/);
  await act(page, 'customer_escalation', { reason: 'resolucion_lenta' });
  await eventually(async () => (await messages()).length === before + 2, 'one message for the second escalation');
  newest = (await messages())[0];
  assert.match(newest, /escalamiento\.n2@example\.invalid/);
  // A message is stored in the same transaction as the escalation that queues it, so the list
  // is final once the second one shows: nothing is left to arrive later.
  assert.equal((await messages()).length, before + 2, 'no second message for the same escalation');

  // Service restored with a workaround: a milestone of its own. The restore clock stops there
  // (met: well within 6 h), the final fix is still to come, and the month's report lists the
  // ticket apart.
  const number = (await page.locator('[data-testid="ticket-number"]').textContent()).trim();
  await act(page, 'restore_with_workaround', { workaround: 'Tráfico por el puerto de respaldo' });
  await page.waitForSelector('[data-testid="ticket-workaround"]');
  assert.match(await page.locator('[data-testid="ticket-workaround"]').textContent(),
    /Servicio restablecido con alternativa .*Tráfico por el puerto de respaldo/);
  await eventually(async () => (await clockState(page, 'restore')) === 'met', 'restore clock met at the workaround');
  assert.equal(await page.locator('details.action[data-action="restore_with_workaround"]').count(), 0, 'recorded once');
  assert.equal(await page.locator('details.action[data-action="resolve"]').count(), 1, 'the final fix is still to record');
  await page.goto(`${app.url}/#/informes`);
  await eventually(async () => ((await page.locator('[data-testid="report-workaround"]').textContent().catch(() => '')) || '').includes(number),
    'the report lists the ticket restored with a workaround');
});
