// Issue #4, bulk: importing 100k events through `Store::import_events` (what the backup import
// does: batches of IMPORT_BATCH, each one transaction with events, projections, outbox) against
// PouchDB 9 `bulkDocs` of the same documents in batches of 500, each in its own
// database of the same page. Goal: store ≥ 3× PouchDB's events/second.
import { join } from 'node:path';
import { freshApp, root, ratio, table, checkErrors } from './lib.mjs';

const N = Number(process.env.MESA_BENCH_EVENTS || 100_000);
// PouchDB's batches. The store writes batches of whole tickets of about store::IMPORT_BATCH (100)
// events, as the backup import does (smaller transactions, so a closed tab loses less work).
const BATCH = 500;

export async function run({ browser, url }) {
  const { context, page } = await freshApp(browser, url);
  try {
    await page.addScriptTag({ path: join(root, 'node_modules', 'pouchdb', 'dist', 'pouchdb.min.js') });
    const prepared = await page.evaluate(async (n) => {
      window.__benchDocs = JSON.parse(await window.__mesaBench.prepareImport(n)).map((e) => ({ _id: e.id, ...e }));
      return window.__benchDocs.length;
    }, N);
    const rust = await page.evaluate(async () => {
      await window.__mesaBench.open('mesa-bench-import');
      const t = performance.now();
      const added = await window.__mesaBench.runImport();
      return { ms: performance.now() - t, added };
    });
    const pouch = await page.evaluate(async (batch) => {
      const db = new window.PouchDB('pouch-bench-import');
      const docs = window.__benchDocs;
      const t = performance.now();
      let ok = 0;
      for (let i = 0; i < docs.length; i += batch) {
        const results = await db.bulkDocs(docs.slice(i, i + batch));
        ok += results.filter((r) => r.ok).length;
      }
      const elapsed = performance.now() - t;
      await db.close();
      return { ms: elapsed, added: ok };
    }, BATCH);
    checkErrors(page);
    if (rust.added !== prepared || pouch.added !== prepared) {
      throw new Error(`imported ${rust.added} (store) and ${pouch.added} (PouchDB) of ${prepared}`);
    }
    const rate = (r) => Math.round(prepared / (r.ms / 1000));
    table(`bulk (#4): ${prepared} events imported (store: IMPORT_BATCH whole tickets; PouchDB: batches of ${BATCH})`, [
      ['', 'total', 'events/s'],
      ['Rust Store::import_events', `${(rust.ms / 1000).toFixed(2)} s`, rate(rust)],
      ['PouchDB 9 bulkDocs (IndexedDB)', `${(pouch.ms / 1000).toFixed(2)} s`, rate(pouch)],
      ['ratio store/PouchDB (goal ≥ 3×)', '', ratio(rate(rust), rate(pouch))],
    ]);
  } finally {
    await context.close();
  }
}
