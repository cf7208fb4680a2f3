// Two sync behaviours a dispatcher relies on when the endpoint misbehaves, through the fault proxy
// in front of a real pouchdb-server:
// - "Sincronizar ahora" while a run waits to retry makes the retry go now (the wait here is
//   30–60 s; the push must reach the server well before);
// - a stored cursor the endpoint refuses (400, as CouchDB answers an integer cursor another
//   server handed out at the same address) restarts the pull from the beginning, says so on the
//   Sincronizar page, and stores nothing twice.
import { test, assert, eventually } from './harness.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { makeEvents, docsOf, backupOf } from './events.mjs';
import { startCouch, configure, importBackup, outboxCount, syncUntil, exportBackup } from './couch.mjs';

test('sync: "Sincronizar ahora" ends a retry wait; a refused cursor restarts the pull once, noted, nothing doubled',
  async ({ context, page, app }) => {
    const couch = await startCouch();
    const proxy = await startFaultProxy(couch.url);
    try {
      await context.addInitScript(() => { window.__mesaSyncBackoffMs = 60_000; });
      const theirs = makeEvents(40, { device: 'otro-1', startMs: Date.UTC(2026, 8, 1, 12) });
      const seeded = await fetch(`${couch.db}/_bulk_docs`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...couch.headers }, body: JSON.stringify({ docs: docsOf(theirs) }),
      });
      assert.ok([201, 202].includes(seeded.status), `seeded (${seeded.status})`);
      await configure(page, app.url, proxy.url);

      // One 500 on the push: the run waits 30–60 s before retrying…
      proxy.fail({ path: /_bulk_docs$/, times: 1, fault: 'status', status: 500 });
      assert.match(await importBackup(page, app.url, backupOf(makeEvents(20, { device: 'tableta-a' }))), /Eventos nuevos: 20;/);
      await page.goto(`${app.url}/#/sincronizar`);
      await page.waitForSelector('#sync-now');
      await eventually(async () => {
        if (!(await page.locator('#sync-now').isDisabled()) && !(await page.locator('#sync-retrying').count())) {
          await page.click('#sync-now', { timeout: 1_000 });
        }
        return (await page.locator('#sync-retrying').count()) === 1;
      }, 'the run waits to retry', 20_000);
      // …unless asked: the button works during the wait, and the push reaches the server now.
      const waitingSince = Date.now();
      assert.equal(await page.locator('#sync-now').isDisabled(), false, 'the button works while a retry waits');
      await page.click('#sync-now');
      await eventually(async () => (await outboxCount(page)) === 0, 'pushed at once', 15_000);
      assert.ok(Date.now() - waitingSince < 30_000, 'before the retry was due');

      // The endpoint refuses the stored cursor once (an integer cursor from another server).
      await eventually(async () => !(await page.locator('#sync-now').isDisabled()), 'the run finished', 30_000);
      const refuse = (url) => ![null, '0'].includes(url.searchParams.get('since'));
      proxy.fail({ path: /_changes$/, when: refuse, times: 1, fault: 'status', status: 400 });
      const mark = proxy.log.length;
      await syncUntil(page, app.url, async () => proxy.log.slice(mark).some((e) => e.status === 400 || e.fault),
        'the cursor was refused');
      // The restarted pull may still be on its way when the refusal is logged: wait for it.
      const pulls = () => proxy.log.slice(mark).filter((e) => e.method === 'GET' && e.path.endsWith('/_changes'));
      const beginning = (since) => since === null || since === '0';
      const refusedAt = () => pulls().findIndex((e) => e.status === 400 || e.fault);
      await eventually(async () => refusedAt() >= 0 && pulls().slice(refusedAt() + 1).some((e) => beginning(e.since)),
        'then the pull started again from the beginning', 30_000);
      const refused = pulls()[refusedAt()];
      assert.ok(!beginning(refused.since), `the refused pull sent the stored cursor (${refused.since})`);
      await page.goto(`${app.url}/#/sincronizar`);
      await eventually(async () => (await page.locator('#sync-cursor-restarted').count()) === 1, 'the page says so');
      assert.equal(await page.locator('#sync-error').count(), 0, 'not an error');

      const backup = JSON.parse(await exportBackup(page, app.url));
      const ids = backup.events.map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length, 'no event twice on the device');
      assert.equal(ids.length, 60, 'its 20 and the other device\'s 40');
    } finally {
      await proxy.close();
      await couch.stop();
    }
  });
