// Sync through faults the network and servers really produce, caused by a proxy in front of the
// real pouchdb-server (tests/e2e/fault-proxy.mjs): 500s, a hang (the request times out), a
// response cut in the middle, 202 Accepted. Device A pushes 300 events from a backup import and
// pulls 150 of another device; afterwards nothing is lost or doubled, the UI showed what was
// failing and recovered by itself, and after a fault — and after a reload — the pull resumed
// from the last committed cursor.
import { test, assert, eventually } from './harness.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { makeEvents, backupOf, docsOf } from './events.mjs';
import {
  startCouch, configure, importBackup, exportBackup, serverDocs, outboxCount,
} from './couch.mjs';

const changes = (log) => log.filter((e) => e.method === 'GET' && e.path.endsWith('/_changes'));
const since = (e) => (e.since === null ? null : JSON.stringify(JSON.parse(e.since)));

async function retryingText(page) {
  return (await page.locator('#sync-retrying').count()) ? page.locator('#sync-retrying').textContent() : '';
}

test('sync faults: 500, hang, cut response, 202 — nothing lost or doubled, the pull resumes from its checkpoint',
  async ({ context, page, app }) => {
    const couch = await startCouch();
    const proxy = await startFaultProxy(couch.url);
    try {
      // A hung request is given up after 2.5 s (30 s in production) so the journey stays short;
      // pages of 100 changes so that the pull spans several.
      await context.addInitScript(() => {
        window.__mesaSyncTimeoutMs = 2_500;
        window.__mesaSyncPullLimit = 100;
      });
      const theirs = makeEvents(150, { device: 'otro-1', startMs: Date.UTC(2026, 8, 1, 12) });
      const seeded = await fetch(`${couch.db}/_bulk_docs`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...couch.headers }, body: JSON.stringify({ docs: docsOf(theirs) }),
      });
      assert.ok([201, 202].includes(seeded.status), `seeded (${seeded.status})`);
      await configure(page, app.url, proxy.url);

      // Push faults, in this order: 500 until the UI shows it; 202 (stored); the response of the
      // next batch cut in half (stored, but A cannot know); then a hang until the UI shows the
      // timeout; then the endpoint behaves.
      const unavailable = proxy.fail({ path: /_bulk_docs$/, fault: 'status', status: 500 });
      proxy.fail({ path: /_bulk_docs$/, times: 1, fault: 'accepted' });
      proxy.fail({ path: /_bulk_docs$/, times: 1, fault: 'drop' });
      const hang = proxy.fail({ path: /_bulk_docs$/, fault: 'hang' });
      // Pull faults on the second page (a cursor is stored by then): a cut response, a 503,
      // then hangs until the page is reloaded.
      const later = (url) => ![null, '0'].includes(url.searchParams.get('since'));
      proxy.fail({ path: /_changes$/, when: later, times: 1, fault: 'drop' });
      proxy.fail({ path: /_changes$/, when: later, times: 1, fault: 'status', status: 503 });
      const pullHang = proxy.fail({ path: /_changes$/, when: later, fault: 'hang' });

      const mine = makeEvents(300, { device: 'tableta-a' });
      assert.match(await importBackup(page, app.url, backupOf(mine)), /Eventos nuevos: 300;/);
      await page.goto(`${app.url}/#/sincronizar`);
      await page.waitForSelector('#sync-now');
      // The sync the import started may already be running; otherwise start one.
      await eventually(async () => {
        if (!(await page.locator('#sync-now').isDisabled())) await page.click('#sync-now', { timeout: 1_000 });
        return (await retryingText(page)).includes('no está disponible ahora');
      }, 'the UI says the endpoint is unavailable while it retries', 30_000);
      unavailable.times = 0;
      await eventually(async () => (await retryingText(page)).includes('no respondió a tiempo'),
        'the UI says the endpoint did not answer in time while it retries', 40_000);
      hang.times = 0;

      // The pull: wait for its hang, then reload (the session dies mid-pull).
      await eventually(() => changes(proxy.log).some((e) => e.fault === 'hang'), 'the pull hangs', 40_000);
      const before = changes(proxy.log);
      if (process.env.MESA_E2E_VERBOSE) console.log(JSON.stringify(proxy.log.map(({ method, path, since, status, fault, lastSeq }) => [method, path.slice(-12), since, status, fault, lastSeq])));
      const committed = before.filter((e) => e.lastSeq !== undefined);
      const lastCommitted = committed.at(-1).lastSeq;
      for (const [i, e] of before.entries()) {
        if (e.fault && i + 1 < before.length) {
          assert.equal(since(before[i + 1]), since(e), 'a failed page is asked again with the same cursor');
        }
      }
      assert.ok(before.filter((e) => e.fault).every((e) => since(e) === lastCommitted),
        `the faulty pulls asked from the last committed cursor ${lastCommitted}`);
      assert.notEqual(lastCommitted, '0');
      pullHang.times = 0;
      const mark = proxy.log.length;
      await page.reload();
      await page.waitForSelector('#sync-now');
      await eventually(() => changes(proxy.log.slice(mark)).length > 0, 'the app pulls again after the reload', 30_000);
      assert.equal(since(changes(proxy.log.slice(mark))[0]), lastCommitted,
        'after the reload the pull resumed from the stored checkpoint, not from 0');

      // Recovered with no further help: everything pushed and pulled.
      await page.goto(`${app.url}/#/`);
      await eventually(async () => (await outboxCount(page)) === 0, 'the outbox empties', 60_000);
      await eventually(async () => (await page.locator('main').textContent()).includes(`${300 / 4 + Math.ceil(150 / 4)} incidencias`),
        'every ticket is listed', 30_000);

      const docs = await serverDocs(couch);
      const backup = JSON.parse(await exportBackup(page, app.url));
      const local = backup.events.map((e) => e.id);
      assert.equal(new Set(local).size, local.length, 'no event twice on the device');
      assert.equal(docs.length, 450, 'the server holds every event once');
      assert.ok(docs.every((d) => d._id === d.id), '_id is the event id');
      assert.equal(local.length, docs.length, 'server doc count == local event count');
      assert.deepEqual(new Set(local), new Set(docs.map((d) => d._id)), 'the same events on both');
      const faults = proxy.log.filter((e) => e.fault).map((e) => e.fault);
      for (const f of ['status', 'accepted', 'drop', 'hang']) assert.ok(faults.includes(f), `fault ${f} happened`);
    } finally {
      await proxy.close();
      await couch.stop();
    }
  });
