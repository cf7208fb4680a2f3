// The event is the one synchronous write, for pulled pages too (#21): a pulled page's events
// and its checkpoint commit in one transaction, and the projections the queue reads are derived
// after, in another. A tab closed between the two loses nothing: the next open folds every event
// past the watermark, and the queue shows the pulled tickets as they are.
import { test, assert, eventually } from './harness.mjs';
import { registerTicket } from './desk.mjs';
import { act } from './profiles.mjs';
import { startCouch, configure, syncUntil } from './couch.mjs';
import { storedRecords } from './stored.mjs';

/** What the database holds (read only, directly with indexedDB): event ids and ticket ids. */
async function stored(page) {
  const out = await storedRecords(page, ['events', 'tickets']);
  return { events: out.events.map((e) => e.id), tickets: out.tickets.map((t) => t.id) };
}

test('a tab closed after a pulled page committed, before its projection, loses nothing', async ({ browser, page, app }) => {
  const couch = await startCouch();
  const contextB = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX' });
  try {
    // A registers a ticket, assigns it and pushes both.
    await configure(page, app.url, couch.url);
    await page.goto(`${app.url}/#/nueva`);
    await page.waitForSelector('#customer');
    const number = await registerTicket(page, { customer: 'Minera Sur', user: 'Ana Ruiz', description: 'Sin enlace en el campamento' });
    await page.goto(`${app.url}/#/`);
    await page.locator('li.ticket .number', { hasText: number }).click();
    await page.waitForSelector('details.action[data-action="assign"]');
    await act(page, 'assign', { assignee: 'Turno de noche' });
    await eventually(async () => ((await page.locator('.actions .saved').textContent().catch(() => '')) || '').includes('Asignar'),
      'assignment saved');
    await syncUntil(page, app.url, async () => (await page.locator('header .status').textContent()).includes('0 por sincronizar'),
      'A pushed its ticket');

    // B pulls that page, and its projection is not derived (as if the tab closed right then).
    const pageB = await contextB.newPage();
    await configure(pageB, app.url, couch.url);
    await pageB.goto(`${app.url}/#/sincronizar`);
    await pageB.waitForSelector('#sync-now');
    await eventually(async () => !(await pageB.locator('#sync-now').isDisabled()), 'sync button enabled');
    await pageB.evaluate(() => { window.__mesaTestSkipNextProjection = true; });
    await pageB.click('#sync-now');
    await eventually(async () => /recibidos: [1-9]/.test(await pageB.locator('#sync-counts').textContent().catch(() => '')),
      'B pulled the page');
    assert.equal(await pageB.evaluate(() => window.__mesaTestSkipNextProjection), undefined, 'the hook was taken by the pull');
    const before = await stored(pageB);
    assert.ok(before.events.length >= 2, `the pulled events are saved (${before.events.length})`);
    assert.equal(before.tickets.length, 0, 'no projection derived yet');
    await pageB.close({ runBeforeUnload: false });

    // A new tab on B's profile: the open folds the pulled events; the queue shows the ticket.
    const again = await contextB.newPage();
    const errors = [];
    again.on('pageerror', (e) => errors.push(String(e)));
    await again.goto(`${app.url}/#/`);
    await again.waitForSelector('section.queue[aria-busy="false"]');
    const row = again.locator('li.ticket', { has: again.locator('.number', { hasText: number }) });
    await eventually(async () => (await row.locator('.meta').textContent().catch(() => '')).includes('Turno de noche'),
      'the reopened queue shows the pulled ticket, assigned');
    const after = await stored(again);
    assert.deepEqual(after.events.sort(), before.events.sort(), 'no event lost or added');
    assert.ok(after.tickets.length >= 1, 'its projection was derived at the open');
    assert.deepEqual(errors, []);
  } finally {
    await contextB.close();
    await couch.stop();
  }
});
