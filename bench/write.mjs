// Issue #4, write path: one user action (a note / customer update on an existing ticket) appended
// through the Rust store — one transaction with the event, the ticket's refreshed projection,
// the outbox entry and the counters, awaited until committed — against a raw IndexedDB `put` of
// the same event JSON from plain JavaScript into its own database, awaited until `complete`.
// Goal: store median ≤ 1.5× raw.
//
// A third row replays, from plain JavaScript, the writes the store's layout needs for one action
// (the event, its outbox entry, the counter, the clock, the queue-summary delete and the ticket's
// projection, in one transaction over a database with the app's object stores and indexes,
// without any read or any Rust): the floor of that layout, whatever the code around it.
//
// A fourth row (#20) appends another note through the device's write path with evidence: chained
// and signed with the store's WebCrypto Ed25519 key, the chain head checked and moved in the same
// transaction (`Store::append_signed`, what the app's every write does).
import { freshApp, median, p95, ms, ratio, table, checkErrors } from './lib.mjs';

const N = Number(process.env.MESA_BENCH_WRITES || 300);
const WARMUP = 20;
const TICKETS = 200;

export async function run({ browser, url }) {
  const { context, page } = await freshApp(browser, url);
  try {
    await page.evaluate((n) => window.__mesaBench.seed('mesa-bench-write', 'p4-callmyway', n), TICKETS);
    await page.evaluate(() => window.__mesaBench.open('mesa-bench-write'));
    const { rust, raw, layout, signed } = await page.evaluate(async ([n, warmup]) => {
      const openDb = (name, upgrade) => new Promise((resolve, reject) => {
        const open = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
        open.onupgradeneeded = () => upgrade(open.result);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const done = (tx) => new Promise((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      const db = await openDb('raw-bench-write', (d) => d.createObjectStore('events', { keyPath: 'id' }));
      const putRaw = (doc) => {
        const tx = db.transaction('events', 'readwrite');
        tx.objectStore('events').put(doc);
        return done(tx);
      };
      // The app's stores and indexes (src/store/schema.rs), and its stored tickets as records.
      const STORES = ['events', 'tickets', 'meta', 'outbox', 'queue'];
      const same = await openDb('raw-bench-layout', (d) => {
        const events = d.createObjectStore('events', { keyPath: 'id' });
        events.createIndex('ticket_id', 'ticket_id');
        events.createIndex('seq', 'seq', { unique: true });
        const tickets = d.createObjectStore('tickets', { keyPath: 'id' });
        for (const f of ['status', 'severity', 'level', 'assignee', 'customer', 'site', 'opened_at', 'next_deadline']) tickets.createIndex(f, f);
        d.createObjectStore('meta');
        d.createObjectStore('outbox', { keyPath: 'id' });
        d.createObjectStore('queue', { keyPath: 'id' }).createIndex('rank', 'rank');
      });
      const app = await openDb('mesa-bench-write');
      const tickets = await new Promise((resolve, reject) => {
        const req = app.transaction('tickets').objectStore('tickets').getAll();
        req.onsuccess = () => resolve(new Map(req.result.map((t) => [t.id, t])));
        req.onerror = () => reject(req.error);
      });
      app.close();
      let seq = 0;
      const putLayout = (doc) => {
        const tx = same.transaction(STORES, 'readwrite');
        seq += 1;
        tx.objectStore('events').put({ seq, ...doc });
        tx.objectStore('outbox').put({ id: doc.id });
        tx.objectStore('meta').put(seq, 'seq');
        tx.objectStore('meta').put(doc.hlc, 'hlc');
        tx.objectStore('queue').delete(doc.ticket_id);
        tx.objectStore('tickets').put(tickets.get(doc.ticket_id));
        tx.commit();
        return done(tx);
      };
      const rust = [];
      const raw = [];
      const layout = [];
      const signed = [];
      for (let i = 0; i < n + warmup; i += 1) {
        const doc = JSON.parse(await window.__mesaBench.prepareNote());
        const timeRust = async () => {
          const t = performance.now();
          const added = await window.__mesaBench.appendNote();
          if (added !== 1) throw new Error(`appendNote added ${added}`);
          return performance.now() - t;
        };
        const time = async (f) => {
          const t = performance.now();
          await f(doc);
          return performance.now() - t;
        };
        const timeSigned = async () => {
          await window.__mesaBench.prepareNote();
          const t = performance.now();
          const added = await window.__mesaBench.appendSignedNote();
          if (added !== 1) throw new Error(`appendSignedNote added ${added}`);
          return performance.now() - t;
        };
        // Alternate which goes first so none always runs on a warmer engine.
        let a;
        let b;
        let c;
        let d;
        if (i % 2 === 0) {
          a = await timeRust(); b = await time(putRaw); c = await time(putLayout); d = await timeSigned();
        } else {
          d = await timeSigned(); c = await time(putLayout); b = await time(putRaw); a = await timeRust();
        }
        if (i >= warmup) { rust.push(a); raw.push(b); layout.push(c); signed.push(d); }
      }
      db.close();
      same.close();
      return { rust, raw, layout, signed };
    }, [N, WARMUP]);
    checkErrors(page);
    table(`write path (#4): one note appended, ${N} each after ${WARMUP} warm-up, ${TICKETS} tickets stored`, [
      ['', 'median', 'p95'],
      ['Rust store append (1 tx)', ms(median(rust)), ms(p95(rust))],
      ['raw IndexedDB put (JS)', ms(median(raw)), ms(p95(raw))],
      ['ratio store/raw (goal ≤ 1.5×)', ratio(median(rust), median(raw)), ratio(p95(rust), p95(raw))],
      ['Rust store append, chained + signed (#20)', ms(median(signed)), ms(p95(signed))],
      ['ratio signed/raw (goal ≤ 1.5×)', ratio(median(signed), median(raw)), ratio(p95(signed), p95(raw))],
      ['JS, the store\'s 6 writes, no reads', ms(median(layout)), ms(p95(layout))],
      ['ratio 6 writes/raw (layout floor)', ratio(median(layout), median(raw)), ratio(p95(layout), p95(raw))],
    ]);
  } finally {
    await context.close();
  }
}
