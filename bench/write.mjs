// Issue #4, write path: one user action (a note / customer update on an existing ticket) appended
// through the Rust store — one transaction with the event, the ticket's refreshed projection,
// the outbox entry and the counters, awaited until committed — against a raw IndexedDB `put` of
// the same event JSON from plain JavaScript into its own database, awaited until `complete`.
// Goal: store median ≤ 1.5× raw.
import { freshApp, median, p95, ms, ratio, table, checkErrors } from './lib.mjs';

const N = Number(process.env.MESA_BENCH_WRITES || 300);
const WARMUP = 20;
const TICKETS = 200;

export async function run({ browser, url }) {
  const { context, page } = await freshApp(browser, url);
  try {
    await page.evaluate((n) => window.__mesaBench.seed('mesa-bench-write', 'p4-callmyway', n), TICKETS);
    await page.evaluate(() => window.__mesaBench.open('mesa-bench-write'));
    const { rust, raw } = await page.evaluate(async ([n, warmup]) => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('raw-bench-write', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('events', { keyPath: 'id' });
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const putRaw = (doc) => new Promise((resolve, reject) => {
        const tx = db.transaction('events', 'readwrite');
        tx.objectStore('events').put(doc);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      const rust = [];
      const raw = [];
      for (let i = 0; i < n + warmup; i += 1) {
        const doc = JSON.parse(await window.__mesaBench.prepareNote());
        const timeRust = async () => {
          const t = performance.now();
          const added = await window.__mesaBench.appendNote();
          if (added !== 1) throw new Error(`appendNote added ${added}`);
          return performance.now() - t;
        };
        const timeRaw = async () => {
          const t = performance.now();
          await putRaw(doc);
          return performance.now() - t;
        };
        // Alternate which goes first so neither always runs on a warmer engine.
        let a;
        let b;
        if (i % 2 === 0) { a = await timeRust(); b = await timeRaw(); } else { b = await timeRaw(); a = await timeRust(); }
        if (i >= warmup) { rust.push(a); raw.push(b); }
      }
      db.close();
      return { rust, raw };
    }, [N, WARMUP]);
    checkErrors(page);
    table(`write path (#4): one note appended, ${N} each after ${WARMUP} warm-up, ${TICKETS} tickets stored`, [
      ['', 'median', 'p95'],
      ['Rust store append (1 tx)', ms(median(rust)), ms(p95(rust))],
      ['raw IndexedDB put (JS)', ms(median(raw)), ms(p95(raw))],
      ['ratio store/raw (goal ≤ 1.5×)', ratio(median(rust), median(raw)), ratio(p95(rust), p95(raw))],
    ]);
  } finally {
    await context.close();
  }
}
