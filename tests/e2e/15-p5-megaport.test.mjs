// P5 (Megaport): waiting on the customer pauses the restore clock; a promised update time
// written on the ticket replaces the default update frequency.
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
  const { input, shown } = await page.evaluate(() => {
    const d = new Date(Date.now() + 2 * 3600 * 1000);
    const p = (n) => String(n).padStart(2, '0');
    const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    return { input: `${day}T${p(d.getHours())}:${p(d.getMinutes())}`, shown: `${p(d.getHours())}:${p(d.getMinutes())}` };
  });
  await act(page, 'promise_update', { at: input });
  await eventually(async () => (await page.locator('li.sla-clock[data-clock="update"] .clock-deadline').textContent()).includes(shown),
    `update deadline shows the promised ${shown}`);
});
