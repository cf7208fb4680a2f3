// A device's first sync of a large desk leaves the ticket list kept in pages (#21): the next
// start (offline, say the next morning on the road) reads the list from a record per 500
// tickets instead of one record per ticket, and the queue shows every ticket. Before, the sync
// left the pages to the next start, which read the whole projection first. The search index
// written with the pages answers a search over every ticket before the list is read.
import { test, assert, eventually } from './harness.mjs';
import { goOffline } from './desk.mjs';
import { startCouch, configure, syncUntil } from './couch.mjs';
import { makeEvents, docsOf } from './events.mjs';

// Over `PAGED_FROM` (2,000, src/store/list_pages.rs): a list this long is kept in pages.
const TICKETS = 2_100;
const PER_TICKET = 4;
const PAGE = 500;

/** The list's pages as this page's device stores them (read only, directly with indexedDB):
 * the watermark they were read at, how many there are, the ticket numbers in them, and the
 * store's watermark now. */
function storedPages(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('mesa');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['list', 'meta'], 'readonly');
      const out = {};
      tx.objectStore('list').get('at').onsuccess = (e) => { out.at = e.target.result ?? null; };
      tx.objectStore('list').getAll(IDBKeyRange.bound(0, Infinity)).onsuccess = (e) => {
        // The pages' keys are 0, 1, 2… (numbers sort before the string key 'at').
        out.numbers = e.target.result.flatMap((text) => JSON.parse(text).map((t) => t.number));
      };
      tx.objectStore('meta').get('folded_seq').onsuccess = (e) => { out.folded = e.target.result ?? 0; };
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

test('after a first sync of a large desk, the list is kept in pages and the next start shows every ticket from them', async ({ page, app }) => {
  const couch = await startCouch();
  try {
    const events = makeEvents(TICKETS * PER_TICKET, { perTicket: PER_TICKET });
    for (let i = 0; i < events.length; i += 1_000) {
      const res = await fetch(`${couch.db}/_bulk_docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...couch.headers },
        body: JSON.stringify({ docs: docsOf(events.slice(i, i + 1_000)) }),
      });
      assert.equal(res.status, 201, '_bulk_docs');
    }
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await configure(page, app.url, couch.url);
    const count = async () => Number(((await page.locator('section.queue[aria-busy="false"] .count').textContent()
      .catch(() => '')) || '').replace(/\D/g, ''));
    await syncUntil(page, app.url, async () => (await count()) === TICKETS, `the queue lists the ${TICKETS} pulled tickets`, 90_000);

    // The pages are written after the sync, in the background: every ticket, at the watermark.
    const pages = await eventually(async () => {
      const stored = await storedPages(page);
      return stored.at && stored;
    }, 'the list written in pages after the sync', 30_000);
    assert.equal(pages.at[1], Math.ceil(TICKETS / PAGE), 'pages of 500 tickets');
    assert.equal(pages.numbers.length, TICKETS, 'every ticket in the pages');
    assert.equal(new Set(pages.numbers).size, TICKETS, 'each once');
    assert.equal(pages.at[0], pages.folded, 'read at the watermark: no change since');

    // The next start, offline: the whole list, and an old ticket found by its number.
    await goOffline(page);
    await page.reload();
    await eventually(async () => (await count()) === TICKETS, `the reopened queue lists ${TICKETS} tickets`, 30_000);
    const oldest = pages.numbers.at(-1);
    await page.fill('#queue-search', oldest);
    await eventually(async () => (await page.locator('li.ticket .number').allTextContents()).includes(oldest),
      `the oldest ticket (${oldest}) found by its number`);

    // The search index is written with the pages: the next start answers a search over every
    // ticket while the full list is still loading (held here by a test hook until released).
    assert.ok(pages.at[2] > 0, 'the search index written with the pages');
    await eventually(() => page.evaluate(() => performance.getEntriesByName('mesa:queue-cache-written').length > 0),
      'the queue summaries the first screen is drawn from');
    await page.fill('#queue-search', '');
    await page.evaluate(() => localStorage.setItem('mesa-test-hold-list', '1'));
    await page.reload();
    const loading = page.locator('section.queue[aria-busy="true"]');
    await loading.locator('li.ticket').first().waitFor();
    const numbers = () => page.locator('li.ticket .number').allTextContents();
    assert.ok(!(await numbers()).includes(oldest), 'the oldest ticket is not on the first screen');
    await page.fill('#queue-search', oldest);
    await eventually(async () => (await loading.locator('li.ticket .number').allTextContents()).join() === oldest,
      'the oldest ticket found by its number while the list loads');
    assert.match(await loading.locator('.count').textContent(), /^1 /);
    // Typed a key at a time, each key asks a search while one is being answered: the answer
    // left is the whole text's, not one of its prefixes'.
    await page.fill('#queue-search', '');
    await page.locator('#queue-search').pressSequentially(oldest);
    await eventually(async () => (await loading.locator('li.ticket .number').allTextContents()).join() === oldest
      && /^1 /.test(await loading.locator('.count').textContent()), 'typed a key at a time, the whole number answered');
    const word = events[0].payload.customer.split(' ')[0];
    await page.fill('#queue-search', word);
    const found = await eventually(async () => {
      const text = await loading.locator('.count').textContent();
      return /^\d+ /.test(text) && parseInt(text, 10);
    }, `«${word}» answered while the list loads`);
    const firstRows = (await numbers()).slice(0, 3);
    await page.evaluate(() => window.__mesaTest.releaseList());
    await page.locator('section.queue[aria-busy="false"]').waitFor();
    await page.evaluate(() => localStorage.removeItem('mesa-test-hold-list'));
    assert.equal(await count(), found, `the full list finds as many tickets with «${word}»`);
    assert.ok(found > 40, `«${word}» finds more tickets than the first screen holds`);
    assert.deepEqual((await numbers()).slice(0, 3), firstRows, 'the same first rows');
    assert.deepEqual(errors, []);
  } finally {
    await page.context().setOffline(false);
    await couch.stop();
  }
});
