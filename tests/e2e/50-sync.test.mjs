// Sync between two devices through a real CouchDB-API server (pouchdb-server, in memory):
// both configure the endpoint on the Sincronizar page; A registers a ticket and syncs; B syncs
// and sees it; A registers another ticket while offline, comes back online and syncs; B sees
// both. A links the two tickets, and B sees the link on both.
import { test, assert, eventually, step } from './harness.mjs';
import { registerTicket, numbers, goOffline } from './desk.mjs';
import { startCouch, configure, syncUntil } from './couch.mjs';

test('sync: two devices exchange tickets through a CouchDB-API server, also after offline work',
  async ({ browser, page, app }) => {
    const couch = await startCouch();
    const contextB = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX' });
    const errorsB = [];
    try {
      const pageB = await contextB.newPage();
      pageB.on('pageerror', (e) => errorsB.push(String(e)));
      if (process.env.MESA_E2E_VERBOSE) {
        for (const [name, p] of [['A', page], ['B', pageB]]) {
          p.on('request', (r) => { if (r.url().startsWith(couch.url)) step(`${name} > ${r.method()} ${r.url()}`); });
          p.on('requestfinished', (r) => { if (r.url().startsWith(couch.url)) step(`${name} < ${r.url()}`); });
          p.on('requestfailed', (r) => { if (r.url().startsWith(couch.url)) step(`${name} ! ${r.url()} ${r.failure()?.errorText}`); });
        }
      }
      await configure(page, app.url, couch.url, { checkMissing: true });
      step('A configured');
      await configure(pageB, app.url, couch.url, { checkMissing: true });
      step('B configured');

      // A registers a ticket and syncs: the outbox empties.
      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const first = await registerTicket(page, { customer: 'Farmacias del Norte', user: 'Laura Gómez', description: 'Sin tono en la sede norte' });
      await syncUntil(page, app.url, async () => (await page.locator('header .status').textContent()).includes('0 por sincronizar'),
        'A pushed its ticket');
      step('A pushed its ticket');
      const stored = await (await fetch(`${couch.db}/_all_docs`, { headers: couch.headers })).json();
      assert.ok(stored.rows.length >= 1, 'the server holds the events');

      // B syncs and sees it.
      await syncUntil(pageB, app.url, async () => (await numbers(pageB)).includes(first), 'B sees the first ticket');
      step('B sees the first ticket');
      // B's report says how current its copy is: synced, and when.
      await pageB.goto(`${app.url}/#/informes`);
      await eventually(async () => /sincronizado por última vez el \d{4}-\d{2}-\d{2} \d{2}:\d{2}/
        .test(await pageB.locator('#report-freshness').textContent().catch(() => '')), "B's report names its last sync");

      // A works offline, then comes back and syncs.
      await goOffline(page);
      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const second = await registerTicket(page, { customer: 'Hotel Brisa', user: 'Pedro Ruiz', description: 'Llamadas se cortan', severity: 's1' });
      await page.goto(`${app.url}/#/`);
      await eventually(async () => (await numbers(page)).includes(second), 'A lists the offline ticket');
      step('A lists the offline ticket');
      // The opening and the message P4's "apertura" rule queues for the reporter.
      assert.ok((await page.locator('header .status').textContent()).includes('2 por sincronizar'), 'waiting in the outbox');
      await page.context().setOffline(false);
      await syncUntil(page, app.url, async () => (await page.locator('header .status').textContent()).includes('0 por sincronizar'),
        'A pushed the offline ticket');
      step('A pushed the offline ticket');

      await syncUntil(pageB, app.url, async () => {
        const list = await numbers(pageB);
        return list.includes(first) && list.includes(second);
      }, 'B sees both tickets');
      step('B sees both tickets');
      assert.deepEqual(await numbers(pageB), [second, first], 'newest first on B');

      // A links the second ticket to the first (a link is an event on each ticket): after a sync,
      // B shows it on both, each with the relation seen from its side.
      await page.locator('li.ticket .number', { hasText: second }).click();
      await page.waitForSelector('#link-number');
      await page.selectOption('#link-relation', 'duplicate_of');
      await page.fill('#link-number', first);
      await page.click('form.related-form button[type=submit]');
      await eventually(async () => (await page.locator('.related-list li').count()) === 1, 'A shows the link');
      await syncUntil(page, app.url, async () => (await page.locator('header .status').textContent()).includes('0 por sincronizar'),
        'A pushed the link');
      const linkOn = async (number, relation) => {
        await pageB.locator('li.ticket .number', { hasText: number }).click();
        await pageB.waitForSelector('#link-number');
        const item = pageB.locator(`.related-list li[data-relation="${relation}"]`);
        return (await item.count()) === 1 ? (await item.textContent()).trim() : '';
      };
      await syncUntil(pageB, app.url, async () => (await linkOn(first, 'duplicated_by')) === `Tiene como duplicada a ${second}`,
        'B shows the link on the first ticket');
      await pageB.goto(`${app.url}/#/`);
      assert.equal(await linkOn(second, 'duplicate_of'), `Duplicada de ${first}`, 'and on the second');
      await pageB.goto(`${app.url}/#/sincronizar`);
      await eventually(async () => (await pageB.locator('#sync-last-ok').textContent()).startsWith('Última sincronización correcta'),
        'B shows its last successful sync');
      assert.deepEqual(errorsB, [], 'no page errors on B');
    } finally {
      await contextB.close().catch(() => {});
      await couch.stop();
    }
  });
