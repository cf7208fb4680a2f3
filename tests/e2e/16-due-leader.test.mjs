// The due runner (clock warnings, breaches, escalations, auto-close, browser notifications) runs
// in ONE tab per device: the tab holding the `mesa-due` Web Lock. A second tab waits for the
// lock and takes over when the first one closes.
import { test, assert, eventually } from './harness.mjs';

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
