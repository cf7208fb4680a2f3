// Initial sync benchmark: the app's first pull of N events (100,000 by default) into a fresh
// browser profile, against PouchDB's own replication of the same database in the same browser.
//
//   trunk build --release --features split,test-hooks --dist dist-bench
//   MESA_DIST=dist-bench node bench/sync.mjs [EVENTS]
//
// Starts pouchdb-server (in memory), loads N event documents (the app's own event JSON: tickets
// of one `opened` and three `commented` events) through `_bulk_docs`, then in headless Chromium:
// - Mesa: a fresh profile configures the endpoint on Sincronizar and presses "Sincronizar
//   ahora"; timed (in the page) until the page reports the run finished with N received — every
//   page of events committed to IndexedDB with its checkpoint and the queue refreshed;
//   Two moments: «events durable» (the last page's events committed, a performance mark of the
//   test-hooks build) and «queue ready» (the report: every projection derived, the queue
//   refreshed);
// - PouchDB 9 (node_modules/pouchdb/dist/pouchdb.min.js served to a page on a loopback origin):
//   `new PouchDB(name).replicate.from(remote)` into a fresh database, timed the same way, with
//   its default batch of 100 and with Mesa's page size (`batch_size: 1000`).
// Prints the times and the ratios, and `mesa-bench sync METRIC=VALUE` lines. A benchmark prints
// numbers; it asserts nothing about time.
// Before the browsers, it also times a plain fetch of every `_changes` page (include_docs, the
// app's page size) from Node, three times, the median kept: the floor set by pouchdb-server itself.
//
// MESA_BENCH_SKIP_POUCH=1 skips PouchDB (while iterating on Mesa); MESA_BENCH_PROFILE=1 runs the
// Chrome DevTools CPU profiler over Mesa's sync and prints the functions with the most self time;
// MESA_BENCH_PULL_LIMIT=N sets the app's `_changes` page size (test-hooks build) and the floor's.
// MESA_BENCH_DISK=1 puts both browsers' databases in profiles on disk (bench/lib.mjs).
// Every run also prints the CPU each kind of thread used during Mesa's sync (bench/anatomy.mjs,
// Linux); MESA_BENCH_TRACE=1 adds the phases of its pages (request, answer, the page's write).
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../tests/e2e/server.mjs';
import { startCouch, configure } from '../tests/e2e/couch.mjs';
import { makeEvents, docsOf } from '../tests/e2e/events.mjs';
import { cpuProfiler, diskContext, onDisk } from './lib.mjs';
import { cpuSampler, printCpu, printTrace, traceScript, traceSummary } from './anatomy.mjs';
import { marks as queueMarks } from './open.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.MESA_DIST || join(root, 'dist-bench');
const total = Number(process.argv[2] || 100_000);
const BATCH = 1_000;
// The app's `_changes` page size (SyncConfig::pull_limit), for the Node floor.
const PULL_LIMIT = Number(process.env.MESA_BENCH_PULL_LIMIT || 1_000);
const LIMIT_MS = 60 * 60 * 1000;
const FLOOR_RUNS = 3;

const seconds = (ms) => (ms / 1000).toFixed(1);

// Made before the server starts: generating 100k ids takes longer than its keep-alive timeout.
const events = makeEvents(total, { perTicket: 4 });
const couch = await startCouch();
const app = await serveStatic(dist);
const browser = await chromium.launch({
  executablePath: process.env.MESA_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, Chromium ${browser.version()}`);
  console.log(`date: ${new Date().toISOString()}`);

  let started = Date.now();
  for (let i = 0; i < events.length; i += BATCH) {
    if (i % 10_000 === 0) process.stderr.write(`  loading: ${i}\r`);
    const res = await fetch(`${couch.db}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ docs: docsOf(events.slice(i, i + BATCH)) }),
    });
    if (res.status !== 201) throw new Error(`_bulk_docs answered ${res.status}`);
  }
  const info = await (await fetch(couch.db)).json();
  console.log(`loaded ${info.doc_count} events (${Math.ceil(total / 4)} tickets) into pouchdb-server in ${seconds(Date.now() - started)} s`);

  // The floor: every page of the feed fetched (and parsed) from Node, one after the other.
  // Three times, the median kept: one pass varied from 2.6 to 4.0 s (the first one after
  // loading is the slowest), which moved the ratio more than anything Mesa changed.
  const floors = [];
  for (let run = 0; run < FLOOR_RUNS; run += 1) {
    started = Date.now();
    let since = null;
    let fetched = 0;
    for (;;) {
      const query = `${since === null ? '' : `since=${encodeURIComponent(JSON.stringify(since))}&`}include_docs=true&limit=${PULL_LIMIT}`;
      const body = await (await fetch(`${couch.db}/_changes?${query}`)).json();
      fetched += body.results.length;
      if (body.results.length === 0 || body.pending === 0) break;
      since = body.last_seq;
    }
    floors.push(Date.now() - started);
    console.log(`plain fetch of the feed from Node (limit ${PULL_LIMIT}), pass ${run + 1}: ${fetched} changes in ${seconds(floors.at(-1))} s`);
  }
  const floorMs = [...floors].sort((a, b) => a - b)[Math.floor(FLOOR_RUNS / 2)];
  console.log(`plain fetch of the feed: median ${seconds(floorMs)} s of ${FLOOR_RUNS} passes`);

  // Mesa.
  const mesaContext = onDisk ? await diskContext() : await browser.newContext({ locale: 'es-MX' });
  const tracing = Boolean(process.env.MESA_BENCH_TRACE);
  if (tracing) await mesaContext.addInitScript(traceScript);
  const page = await mesaContext.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e}`));
  await configure(page, app.url, couch.url);
  await page.waitForSelector('#sync-now:not([disabled])');
  const profiler = await cpuProfiler(page);
  const cpu = cpuSampler();
  cpu.start();
  started = Date.now();
  await page.evaluate((limit) => {
    // Only when asked: otherwise the app's own page size (SyncConfig::pull_limit).
    if (limit) window.__mesaSyncPullLimit = limit;
    window.__benchStart = performance.now();
    // The page's long tasks (over 50 ms), for what the work after the run costs its response.
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])))
      .observe({ type: 'longtask' });
    document.querySelector('#sync-now').click();
  }, process.env.MESA_BENCH_PULL_LIMIT ? PULL_LIMIT : 0);
  const watch = setInterval(async () => {
    const text = await page.locator('#sync-progress, #sync-retrying').allTextContents().catch(() => []);
    process.stderr.write(`  ${seconds(Date.now() - started)} s: ${text.join(' | ')}\n`);
  }, 30_000);
  const mesa = await (await page.waitForFunction((n) => {
    const counts = document.querySelector('#sync-counts')?.textContent ?? '';
    // The report of the run (set once it has committed everything and refreshed the queue);
    // a trigger during the run may start another right after it, so "idle" is not awaited.
    const error = document.querySelector('#sync-error')?.textContent;
    // «Última sincronización — enviados: 0; recibidos: 100000.» (digits grouped or not).
    const received = /recibidos: ([\d.,\s\u00a0]+)/.exec(counts)?.[1].replace(/\D/g, '');
    const finished = received === String(n) || error;
    const durable = performance.getEntriesByName('mesa:pulled-events-durable').at(-1)?.startTime;
    return finished && { ms: performance.now() - window.__benchStart, durable: durable - window.__benchStart, reportAt: performance.now(), counts, error };
  }, total, { polling: 50, timeout: LIMIT_MS })).jsonValue();
  clearInterval(watch);
  const mesaMs = mesa.ms;
  const used = cpu.stop();
  await profiler?.print();
  if (tracing) {
    const from = await page.evaluate(() => window.__benchStart);
    printTrace('sync', await traceSummary(page, from, from + mesaMs));
  }
  printCpu('sync', used);
  if (mesa.error) console.log(`Mesa's sync FAILED: ${mesa.error} (${mesa.counts})`);
  console.log(`Mesa initial sync: events durable ${seconds(mesa.durable)} s, queue ready ${seconds(mesaMs)} s (${Math.round(total / (mesaMs / 1000))} events/s)`);
  // The next start (#21): the list read from its pages, written after the run in the
  // background (since session 31), or else the whole projection, one record per ticket.
  started = Date.now();
  const pagesAt = () => new Promise((resolve) => {
    const open = indexedDB.open('mesa');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['list', 'meta'], 'readonly');
      const at = tx.objectStore('list').get('at');
      const folded = tx.objectStore('meta').get('folded_seq');
      // The pages' watermark is the store's: read after every change of the run.
      tx.oncomplete = () => {
        db.close();
        resolve({ at: at.result ?? null, folded: folded.result ?? 0 });
      };
    };
    open.onerror = () => resolve({ at: null, error: String(open.error) });
  });
  let pagesWritten = false;
  let stored;
  for (const end = Date.now() + 60_000; !pagesWritten && Date.now() < end;) {
    stored = await page.evaluate(pagesAt);
    pagesWritten = stored.at?.[0] === stored.folded && stored;
    if (!pagesWritten) await new Promise((r) => setTimeout(r, 250));
  }
  if (!pagesWritten) console.log(`the list's pages as stored: ${JSON.stringify(stored)}`);
  // Long tasks from the run's report on (the pages' read and write, the queue summaries).
  const after = await page.evaluate((from) => window.__longTasks.filter(([at]) => at >= from).map(([, d]) => d),
    mesa.reportAt);
  const longest = Math.max(0, ...after);
  console.log(`after the run: ${after.length} long tasks, the longest ${longest.toFixed(0)} ms, ${after.reduce((a, b) => a + b, 0).toFixed(0)} ms in all`);
  console.log(pagesWritten
    ? `the list's pages written ${seconds(Date.now() - started)} s after the run (${pagesWritten.at[1]} pages, watermark ${pagesWritten.at[0]})`
    : 'the list\'s pages not written within 60 s of the run');
  await page.goto(`${app.url}/#/`);
  await page.reload();
  const reopen = await queueMarks(page);
  console.log(`the next start: list read ${reopen.loaded.toFixed(0)} ms, queue complete ${reopen.complete.toFixed(0)} ms from navigation (${Math.ceil(total / 4)} tickets)`);
  await mesaContext.close();
  const line = (metric, value) => console.log(`mesa-bench sync ${metric}=${value}`);
  line('pages_written_after_run', pagesWritten ? 1 : 0);
  line('after_run_longest_task_ms', longest.toFixed(0));
  line('reopen_list_read_ms', reopen.loaded.toFixed(1));
  line('reopen_queue_complete_ms', reopen.complete.toFixed(1));
  line('events', total);
  line('on_disk', onDisk ? 1 : 0);
  line('floor_fetch_s', seconds(floorMs));
  line('events_durable_s', seconds(mesa.durable));
  line('queue_ready_s', seconds(mesaMs));
  line('ratio_floor_queue_ready', (mesaMs / floorMs).toFixed(2));

  if (process.env.MESA_BENCH_SKIP_POUCH) process.exit(0);

  // PouchDB, same browser, same origin, fresh profile.
  const pouchContext = onDisk ? await diskContext() : await browser.newContext();
  const pouchPage = await pouchContext.newPage();
  // Served from a real loopback server (a routed page would count as a public address and be
  // refused access to the loopback endpoint).
  const pouchDir = await mkdtemp(join(tmpdir(), 'mesa-bench-pouchdb-'));
  await writeFile(join(pouchDir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>PouchDB</title><script src="/pouchdb.min.js"></script>');
  await copyFile(join(root, 'node_modules', 'pouchdb', 'dist', 'pouchdb.min.js'), join(pouchDir, 'pouchdb.min.js'));
  const pouchSite = await serveStatic(pouchDir);
  pouchPage.on('requestfailed', (r) => console.error(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  await pouchPage.goto(`${pouchSite.url}/`);
  await pouchPage.waitForFunction(() => typeof window.PouchDB === 'function');
  for (const batchSize of [undefined, PULL_LIMIT]) {
    const pouch = await pouchPage.evaluate(async ([remote, batch]) => {
      const start = performance.now();
      const db = new window.PouchDB(`local-${batch ?? 'default'}`);
      try {
        await db.replicate.from(remote, batch ? { batch_size: batch } : {});
      } catch (e) {
        throw new Error(`replication failed: ${JSON.stringify(e)} ${e?.message ?? e}`);
      }
      const ms = performance.now() - start;
      return { ms, docs: (await db.info()).doc_count, adapter: db.adapter };
    }, [couch.db, batchSize]);
    const label = batchSize ? `batch_size ${batchSize}` : 'default batch of 100';
    console.log(`PouchDB replicate.from, ${label} (${pouch.adapter}, ${pouch.docs} docs): ${seconds(pouch.ms)} s (${Math.round(total / (pouch.ms / 1000))} events/s)`);
    console.log(`ratio (${label}): Mesa is ${(pouch.ms / mesa.durable).toFixed(2)}× PouchDB's speed to events durable, ${(pouch.ms / mesaMs).toFixed(2)}× to queue ready (goal ≥ 3×)`);
    const key = batchSize ? `batch${batchSize}` : 'default';
    line(`pouchdb_${key}_s`, seconds(pouch.ms));
    line(`ratio_${key}_events_durable`, (pouch.ms / mesa.durable).toFixed(2));
    line(`ratio_${key}_queue_ready`, (pouch.ms / mesaMs).toFixed(2));
  }
  await pouchContext.close();
  await pouchSite.close();
  await rm(pouchDir, { recursive: true, force: true });
} finally {
  await browser.close();
  await app.close();
  await couch.stop();
}
