// P4 (CallMyWay): an S1 incident not restored in time breaches, and the month's report deducts
// it from the affected site's invoice.
import { test, assert, eventually } from './harness.mjs';
import { useProfile } from './profiles.mjs';
import { registerTicket } from './01-skeleton.test.mjs';

test('P4: an S1 ticket breaches and is in that month\'s penalty for its site', async ({ page, app }) => {
  await useProfile(page, app.url, 'p4-callmyway');
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#usuario');
  await page.fill('#site', 'Monterrey Centro');
  const number = await registerTicket(page, { customer: 'Farmacias del Norte', user: 'Gerente de sucursal', description: 'Sin servicio de voz en toda la sucursal', severity: 's1' });
  const month = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });

  // Four days later the 3-hour S1 solution target has long passed (on any day of the week).
  await page.addInitScript(() => { window.__mesaTestClockOffset = 4 * 24 * 3600 * 1000; });
  await page.goto(`${app.url}/#/informes`);
  await page.reload();
  const picker = page.locator('input[type=month]');
  await picker.waitFor();
  await picker.fill(month);
  const penalties = page.locator('section.report-section', { hasText: 'Penalizaciones' });
  await eventually(async () => (await penalties.textContent()).includes(number), 'the breached ticket is behind a penalty', 20_000);
  const siteRow = penalties.locator('tr', { hasText: 'Monterrey Centro' });
  assert.equal(await siteRow.count(), 1, 'the affected site has its own deduction');
  assert.ok((await siteRow.textContent()).includes(number), 'the site deduction lists the ticket');
});
