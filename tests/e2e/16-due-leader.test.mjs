// The due runner (clock warnings, breaches, escalations, auto-close, browser notifications) runs
// in ONE tab per device: the tab holding the `mesa-due` Web Lock. A second tab waits for the
// lock and takes over when the first one closes.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act, registerAndOpen } from './profiles.mjs';
import { duePasses, duePass } from './desk.mjs';

async function dueLock(page) {
  return page.evaluate(async () => {
    const { held, pending } = await navigator.locks.query();
    return {
      held: held.filter((l) => l.name === 'mesa-due').length,
      pending: pending.filter((l) => l.name === 'mesa-due').length,
    };
  });
}

test('due runner: one leader tab per device, the next tab takes over', async ({ context, page, app }) => {
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('#queue-search');
  await eventually(async () => (await dueLock(page)).held === 1, 'the first tab leads');

  const second = await context.newPage();
  await second.goto(`${app.url}/#/`);
  await second.waitForSelector('#queue-search');
  await eventually(async () => {
    const lock = await dueLock(second);
    return lock.held === 1 && lock.pending === 1;
  }, 'the second tab waits for the lock');

  await page.close();
  await eventually(async () => {
    const lock = await dueLock(second);
    return lock.held === 1 && lock.pending === 0;
  }, 'the second tab leads once the first is gone');
  assert.deepEqual(await dueLock(second), { held: 1, pending: 0 });
});

test('due runner: a breach on my ticket is appended and notified once with two tabs open', async ({ context, page, app }) => {
  await context.grantPermissions(['notifications'], { origin: app.url });
  // Count the system notifications each tab shows.
  await context.addInitScript(() => {
    window.__shown = [];
    const Real = window.Notification;
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.__shown.push(title);
      }
    };
  });
  await useProfile(page, app.url, 'p3-cirion');
  const number = await registerAndOpen(page, app.url, {
    request_kind: 'tecnico', customer: 'Banco Andino', site: 'Matriz Quito', contacto: 'Carla Mena',
    telefono: '+593 99 123 4567', description: 'Enlace caído',
  });
  await page.waitForSelector('details.action[data-action="assign"]');
  await act(page, 'assign', { assignee: 'operador' });
  await page.waitForSelector('.actions p.saved');
  await act(page, 'move_stage', { stage: 'diagnostico' });
  await eventually(async () => (await page.locator('.ticket-head').textContent()).includes('Diagnóstico'), 'in diagnosis');
  const ticketUrl = page.url();

  const second = await context.newPage();
  await second.goto(ticketUrl);
  await second.waitForSelector('.ticket-head');
  // An hour later in both tabs: the 20-minute diagnosis target is breached.
  for (const p of [page, second]) await p.evaluate(() => { window.__mesaTestClockOffset = 3_600_000; });
  const shown = async () => (await page.evaluate(() => window.__shown.length))
    + (await second.evaluate(() => window.__shown.length));
  await eventually(async () => (await shown()) >= 1, 'a system notification', 45_000);
  // Another pass of the runner (every 30 s) finds nothing new; the other tab never ran one.
  const [leader, other] = (await duePasses(page)) > 0 ? [page, second] : [second, page];
  await duePass(leader);
  assert.equal(await duePasses(other), 0, 'the other tab ran no pass');
  assert.equal(await shown(), 1, 'one notification for one breach');
  const titles = [...await page.evaluate(() => window.__shown), ...await second.evaluate(() => window.__shown)];
  assert.deepEqual(titles, [`Plazo vencido: ${number}`]);
  await second.reload();
  await second.waitForSelector('.timeline');
  const breaches = await second.locator('.timeline li[data-kind="clock_breached"]').count();
  assert.equal(breaches, 1, 'the breach is appended once');
});
