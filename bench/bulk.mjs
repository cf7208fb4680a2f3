// Issue #21, bulk import: 100k events through `Store::import_events` (what the backup import
// does: batches of whole tickets, each one transaction holding the events alone, then the
// projections derived in a separate pass) against PouchDB 9 `bulkDocs` of the same documents,
// in batches of the SAME size, in the same page. Goal: ≥ 3× PouchDB's throughput until the queue
// can show every imported ticket.
//
// Runs alternate (store, PouchDB, store, PouchDB, …), RUNS of each, every run into a database of
// its own. For the store two moments are printed: «events durable» (the last batch of events
// committed) and «queue ready» (every projection derived); PouchDB's single moment (its last
// batch committed) is compared with both.
//
// One more row replays, from plain JavaScript, the log records the store wrote (read back from
// its last database: since schema version 5 one record per ticket per batch, holding its
// events) into a fresh database with the store's own key path and indexes, in the same batches
// with `add` and nothing else: the floor of the layout.
//
// Prints `mesa-bench bulk METRIC=VALUE` lines (medians). MESA_BENCH_PROFILE=1 prints a CPU profile
// of the store's first run.
import { join } from 'node:path';
import { freshApp, root, median, table, checkErrors, cpuProfiler } from './lib.mjs';

const N = Number(process.env.MESA_BENCH_EVENTS || 100_000);
/** Both sides' batch size (the store's batches hold whole tickets of about this many events). */
const BATCH = Number(process.env.MESA_BENCH_BATCH || 1_000);
const RUNS = Number(process.env.MESA_BENCH_RUNS || 3);

export async function run({ browser, url }) {
  const { context, page } = await freshApp(browser, url, { bypassCSP: true });
  try {
    await page.addScriptTag({ path: join(root, 'node_modules', 'pouchdb', 'dist', 'pouchdb.min.js') });
    const prepared = await page.evaluate(async (n) => {
      window.__benchDocs = JSON.parse(await window.__mesaBench.prepareImport(n)).map((e) => ({ _id: e.id, ...e }));
      return window.__benchDocs.length;
    }, N);
    const store = [];
    const pouch = [];
    let lastDb = null;
    for (let i = 0; i < RUNS; i += 1) {
      lastDb = `mesa-bench-import-${i}`;
      const profiler = i === 0 ? await cpuProfiler(page) : null;
      const r = await page.evaluate(async ([db, batch]) => {
        await window.__mesaBench.open(db);
        const t = performance.now();
        const out = await window.__mesaBench.runImport(batch);
        return { durable: out.durable - t, ready: out.ready - t, added: out.added };
      }, [lastDb, BATCH]);
      await profiler?.print();
      if (r.added !== prepared) throw new Error(`the store imported ${r.added} of ${prepared}`);
      store.push(r);
      const p = await page.evaluate(async ([db, batch]) => {
        const pdb = new window.PouchDB(db);
        const docs = window.__benchDocs;
        const t = performance.now();
        let ok = 0;
        for (let j = 0; j < docs.length; j += batch) {
          const results = await pdb.bulkDocs(docs.slice(j, j + batch));
          ok += results.filter((x) => x.ok).length;
        }
        const elapsed = performance.now() - t;
        await pdb.close();
        return { ms: elapsed, added: ok };
      }, [`pouch-bench-import-${i}`, BATCH]);
      if (p.added !== prepared) throw new Error(`PouchDB imported ${p.added} of ${prepared}`);
      pouch.push(p);
      console.log(`  run ${i + 1}: store events durable ${(r.durable / 1000).toFixed(2)} s, queue ready ${(r.ready / 1000).toFixed(2)} s; PouchDB ${(p.ms / 1000).toFixed(2)} s`);
    }
    const floor = await page.evaluate(replayFloor, [lastDb, BATCH]);
    checkErrors(page);

    const rate = (ms) => Math.round(prepared / (ms / 1000));
    const durable = median(store.map((r) => r.durable));
    const ready = median(store.map((r) => r.ready));
    const pouchMs = median(pouch.map((p) => p.ms));
    const row = (label, ms) => [label, `${(ms / 1000).toFixed(2)} s`, rate(ms), `${(pouchMs / ms).toFixed(2)}×`];
    table(`bulk (#21): ${prepared} events imported, batches of ${BATCH} (the store's of whole tickets), medians of ${RUNS} alternated runs`, [
      ['', 'total', 'events/s', '/ PouchDB (goal ≥ 3×)'],
      row('Store::import_events, events durable', durable),
      row('Store::import_events, queue ready', ready),
      row('PouchDB 9 bulkDocs (IndexedDB)', pouchMs),
      row(`JavaScript, the store's log records alone (add, batches of ${BATCH} events)`, floor.ms),
    ]);
    const line = (metric, value) => console.log(`mesa-bench bulk ${metric}=${value}`);
    line('events', prepared);
    line('batch', BATCH);
    line('runs', RUNS);
    line('events_durable_s', (durable / 1000).toFixed(3));
    line('queue_ready_s', (ready / 1000).toFixed(3));
    line('pouchdb_s', (pouchMs / 1000).toFixed(3));
    line('floor_events_alone_s', (floor.ms / 1000).toFixed(3));
    line('ratio_events_durable', (pouchMs / durable).toFixed(2));
    line('ratio_queue_ready', (pouchMs / ready).toFixed(2));
  } finally {
    await page.evaluate(() => { window.__benchDocs = null; }).catch(() => {});
    await context.close();
  }
}

/** Runs in the page: replays the log records the store wrote into a fresh database (see the header). */
async function replayFloor([sourceName, batch]) {
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
  const source = await open(sourceName);
  const read = source.transaction('log', 'readonly');
  const store = read.objectStore('log');
  const records = (await result(store.getAll())).sort((a, b) => a.seq - b.seq);
  // The log exactly as the app made it: key path and every index.
  const indexes = [...store.indexNames].map((name) => {
    const ix = store.index(name);
    return { name, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
  });
  const keyPath = store.keyPath;
  source.close();
  const db = await open(`bench-floor-log-${Date.now()}`, (d) => {
    const log = d.createObjectStore('log', { keyPath });
    for (const ix of indexes) log.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
  });
  const t = performance.now();
  for (let i = 0; i < records.length;) {
    const tx = db.transaction('log', 'readwrite');
    const log = tx.objectStore('log');
    let events = 0;
    while (i < records.length && events < batch) {
      log.add(records[i]);
      events += records[i].events.length;
      i += 1;
    }
    await done(tx);
  }
  const ms = performance.now() - t;
  db.close();
  return { ms };
}
