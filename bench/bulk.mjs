// Issue #4, bulk: importing 100k events through `Store::import_events` (what the backup import
// does: batches of IMPORT_BATCH, each one transaction with events, projections, outbox) against
// PouchDB 9 `bulkDocs` of the same documents in batches of 500, each in its own
// database of the same page. Goal: store ≥ 3× PouchDB's events/second.
//
// Two more rows replay, from plain JavaScript, the records the store wrote (read back from its
// database after the import), each in a fresh database with the app's stores and indexes:
// - the store's layout: per batch of whole tickets, the reads the import does (counter, clock,
//   the stored event ids of each ticket), then every event (`add`), its outbox entry, the
//   counter, the clock and each ticket's projection: the floor of that layout without Rust;
// - the events alone (no read, no projection, no outbox, no counter), in batches of 500: the
//   floor of any layout that stores one record per event with the two indexes DESIGN.md names.
import { join } from 'node:path';
import { freshApp, root, ratio, table, checkErrors } from './lib.mjs';

const N = Number(process.env.MESA_BENCH_EVENTS || 100_000);
// PouchDB's batches. The store writes batches of whole tickets of about store::IMPORT_BATCH
// events, as the backup import does (smaller transactions, so a closed tab loses less work).
const BATCH = 500;
/** src/store/mod.rs. */
const IMPORT_BATCH = 100;

export async function run({ browser, url }) {
  const { context, page } = await freshApp(browser, url, { bypassCSP: true });
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
      window.__benchDocs = null;
      return { ms: elapsed, added: ok };
    }, BATCH);
    const floors = await page.evaluate(replayFloors, [IMPORT_BATCH, BATCH]);
    checkErrors(page);
    if (rust.added !== prepared || pouch.added !== prepared || floors.layout.added !== prepared) {
      throw new Error(`imported ${rust.added} (store), ${pouch.added} (PouchDB), ${floors.layout.added} (replay) of ${prepared}`);
    }
    const rate = (r) => Math.round(prepared / (r.ms / 1000));
    const row = (label, r) => [label, `${(r.ms / 1000).toFixed(2)} s`, rate(r), ratio(rate(r), rate(pouch))];
    table(`bulk (#4): ${prepared} events imported (store: batches of whole tickets of about ${IMPORT_BATCH} events; PouchDB: batches of ${BATCH})`, [
      ['', 'total', 'events/s', '/ PouchDB (goal ≥ 3×)'],
      row('Rust Store::import_events', rust),
      row('PouchDB 9 bulkDocs (IndexedDB)', pouch),
      row('JavaScript, the store layout\'s reads and writes', floors.layout),
      row(`JavaScript, the events alone (batches of ${BATCH})`, floors.events),
    ]);
  } finally {
    await context.close();
  }
}

/** Runs in the page: replays the records the store wrote into fresh databases (see the header). */
async function replayFloors([importBatch, batch]) {
  const open = (name, upgrade) => new Promise((resolve, reject) => {
    const req = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
    if (upgrade) req.onupgradeneeded = () => upgrade(req.result);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const done = (tx) => new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  const result = (req) => new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const source = await open('mesa-bench-import');
  const read = source.transaction(['events', 'tickets'], 'readonly');
  const events = (await result(read.objectStore('events').getAll())).sort((a, b) => a.seq - b.seq);
  const tickets = new Map((await result(read.objectStore('tickets').getAll())).map((t) => [t.id, t]));
  const ticketIndexes = [...source.transaction('tickets').objectStore('tickets').indexNames];
  source.close();
  // The app's stores and indexes (src/store/schema.rs).
  const appSchema = (d) => {
    const ev = d.createObjectStore('events', { keyPath: 'id' });
    ev.createIndex('ticket_id', 'ticket_id');
    ev.createIndex('seq', 'seq', { unique: true });
    const t = d.createObjectStore('tickets', { keyPath: 'id' });
    for (const f of ticketIndexes) t.createIndex(f, f);
    d.createObjectStore('meta');
    d.createObjectStore('outbox', { keyPath: 'id' });
    d.createObjectStore('queue', { keyPath: 'id' }).createIndex('rank', 'rank');
  };
  // Batches of whole tickets, as the store's import (src/domain/import_batches.rs) makes them
  // from events grouped by ticket.
  const batches = [];
  let current = [];
  let last = null;
  for (const e of events) {
    if (current.length >= importBatch && e.ticket_id !== last) { batches.push(current); current = []; }
    current.push(e);
    last = e.ticket_id;
  }
  if (current.length) batches.push(current);

  const layoutDb = await open('bench-floor-layout', appSchema);
  let t = performance.now();
  let added = 0;
  for (const b of batches) {
    const tx = layoutDb.transaction(['events', 'tickets', 'meta', 'outbox', 'queue'], 'readwrite');
    const ev = tx.objectStore('events');
    const meta = tx.objectStore('meta');
    const named = [...new Set(b.map((e) => e.ticket_id))];
    await Promise.all([result(meta.get('seq')), result(meta.get('hlc')),
      ...named.map((id) => result(ev.index('ticket_id').getAllKeys(id)))]);
    for (const e of b) ev.add(e);
    for (const e of b) tx.objectStore('outbox').put({ id: e.id });
    meta.put(b.at(-1).seq, 'seq');
    meta.put(b.at(-1).hlc, 'hlc');
    for (const id of named) if (tickets.has(id)) tx.objectStore('tickets').put(tickets.get(id));
    await done(tx);
    added += b.length;
  }
  const layout = { ms: performance.now() - t, added };
  layoutDb.close();

  const eventsDb = await open('bench-floor-events', appSchema);
  t = performance.now();
  for (let i = 0; i < events.length; i += batch) {
    const tx = eventsDb.transaction('events', 'readwrite');
    const ev = tx.objectStore('events');
    for (const e of events.slice(i, i + batch)) ev.add(e);
    await done(tx);
  }
  const alone = { ms: performance.now() - t };
  eventsDb.close();
  return { layout, events: alone };
}
