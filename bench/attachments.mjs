// Attachments benchmark (#16): 50 files of 3 MB each through sync, against a plain `fetch` of the
// same bytes to the same server in the same browser, and the browser's memory while doing it.
//
//   MESA_CONNECT_SRC="http://127.0.0.1:*" trunk build --release --features split,test-hooks --dist dist-bench
//   MESA_DIST=dist-bench node bench/attachments.mjs [FILES] [MB]
// (without MESA_CONNECT_SRC the page's policy refuses pouchdb-server's address)
//
// Starts pouchdb-server (in memory). The files are random bytes (incompressible, like photos;
// not images, so no downscaling is offered), written to a temporary folder.
// - Upload: device A registers a ticket and attaches the 50 files (not timed), then its endpoint
//   is configured and it syncs. Timed from the first `PUT blob-…/bytes` the app sends to the end
//   of the last one (the bytes read from IndexedDB and sent one document per file, the CouchDB
//   attachment API). Against it: the same 50 files picked in a page of the same browser and each
//   sent with `fetch(PUT {db}/plain-N/bytes)`, one after the other.
// - Download: device B syncs the events (downloads «al abrir», the default) and opens the
//   ticket: timed from its first `GET blob-…/bytes` to the moment the open ticket lists every
//   file as stored on the device. Against it: the same 50 documents fetched with `fetch` + `arrayBuffer()` in
//   B's page, one after the other.
// - Memory: the resident memory of every Chromium process (summed, sampled every 100 ms) above
//   what it was before each phase, and the page's JS heap (DevTools `Performance.getMetrics`),
//   for Mesa and for the plain fetch alike. 150 MB of files held at once would show as
//   ≥ 150 MB more than the plain fetch.
// - Where the page's time goes: how long its main thread was busy (DevTools `TaskDuration`),
//   and of that running script, recalculating style and laying out, during each phase.
// Prints human lines and `mesa-bench attachments METRIC=VALUE` lines. Asserts nothing on time.
// With MESA_BENCH_PROFILE=1 the download is CPU-profiled (the functions with the most self time).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../tests/e2e/server.mjs';
import { startCouch, configure } from '../tests/e2e/couch.mjs';
import { registerTicket } from '../tests/e2e/desk.mjs';
import { cpuProfiler } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.MESA_DIST || join(root, 'dist-bench');
const FILES = Number(process.argv[2] || 50);
const MB = Number(process.argv[3] || 3);
const LIMIT_MS = 20 * 60 * 1000;
const BLOB_BYTES = /\/blob-[0-9a-f]{64}\/bytes$/;

const seconds = (ms) => (ms / 1000).toFixed(2);

/** Resident memory (KB) of every process descending from this one: the browser's. */
function browserRssKb() {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=']).toString().trim().split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const children = new Map();
  for (const [pid, ppid] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const rss = new Map(table.map(([pid, , kb]) => [pid, kb]));
  let total = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples memory every 100 ms until stopped; returns the peaks above the starting values. */
async function watchMemory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics
    .map((m) => [m.name, m.value]));
  const heap = async () => (await metrics()).JSHeapUsedSize ?? 0;
  // The page's main thread: seconds busy running tasks, of which script, style and layout.
  const BUSY = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'];
  const busyStart = await metrics();
  const base = { rss: browserRssKb(), heap: busyStart.JSHeapUsedSize ?? 0 };
  const peak = { ...base };
  let running = true;
  const loop = (async () => {
    while (running) {
      peak.rss = Math.max(peak.rss, browserRssKb());
      peak.heap = Math.max(peak.heap, await heap().catch(() => 0));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
    const busyEnd = await metrics().catch(() => busyStart);
    await cdp.detach().catch(() => {});
    const busy = Object.fromEntries(BUSY.map((k) => [k, (busyEnd[k] ?? 0) - (busyStart[k] ?? 0)]));
    return { rssMb: (peak.rss - base.rss) / 1024, heapMb: (peak.heap - base.heap) / 1024 / 1024, busy };
  };
}

/** Times the app's requests matching `method` + BLOB_BYTES: first start to last end. */
function transferClock(page, method) {
  const seen = { first: null, last: null, count: 0, network: 0 };
  const started = new Map();
  page.on('request', (r) => {
    if (r.method() !== method || !BLOB_BYTES.test(r.url())) return;
    const now = Date.now();
    if (seen.first === null) seen.first = now;
    started.set(r, now);
  });
  page.on('requestfinished', (r) => {
    if (r.method() === method && BLOB_BYTES.test(r.url())) {
      seen.last = Date.now();
      seen.count += 1;
      seen.network += seen.last - (started.get(r) ?? seen.last);
    }
  });
  return seen;
}

async function waitFor(what, check) {
  const end = Date.now() + LIMIT_MS;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const dir = await mkdtemp(join(tmpdir(), 'mesa-bench-files-'));
const paths = [];
for (let i = 0; i < FILES; i += 1) {
  const path = join(dir, `foto-${String(i + 1).padStart(2, '0')}.bin`);
  await writeFile(path, randomBytes(MB * 1024 * 1024));
  paths.push(path);
}
const couch = await startCouch();
const app = await serveStatic(dist);
const browser = await chromium.launch({
  executablePath: process.env.MESA_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, Chromium ${browser.version()}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`date: ${new Date().toISOString()}; ${FILES} files of ${MB} MB (${FILES * MB} MB)`);

  // Device A: a ticket with the files, on the device only.
  const contextA = await browser.newContext({ locale: 'es-MX' });
  const a = await contextA.newPage();
  await a.goto(`${app.url}/#/nueva`);
  await a.waitForSelector('#customer');
  const number = await registerTicket(a, { customer: 'Minera Sur', user: 'Técnico de campo', description: 'Fotos del sitio' });
  await a.goto(`${app.url}/#/`);
  await a.locator('li.ticket .number', { hasText: number }).click();
  await a.waitForSelector('#attach-any', { state: 'attached' });
  await a.setInputFiles('#attach-any', paths);
  await waitFor('A stores every file', async () => (await a.locator('li.attachment[data-stored="yes"]').count()) === FILES);
  console.log(`A attached ${FILES} files to ${number}`);

  // Upload through Mesa.
  const up = transferClock(a, 'PUT');
  let memory = await watchMemory(a);
  await configure(a, app.url, couch.url);
  await a.click('#sync-now').catch(() => {});
  await waitFor('every upload', async () => up.count >= FILES);
  const upMemory = await memory();
  const blobs = (await (await fetch(`${couch.db}/_all_docs?startkey="blob-"&endkey="blob-\uffff"`)).json()).rows.length;
  if (blobs !== FILES) throw new Error(`the server holds ${blobs} blobs, not ${FILES}`);
  const uploadMs = up.last - up.first;

  // The same bytes with plain fetch, from a page of the same browser and origin.
  const plain = await contextA.newPage();
  await plain.goto(`${app.url}/bench-blank-${Date.now()}`).catch(() => {});
  await plain.setContent('<input type="file" id="files" multiple>');
  await plain.setInputFiles('#files', paths);
  memory = await watchMemory(plain);
  const plainUploadMs = await plain.evaluate(async (db) => {
    const files = [...document.getElementById('files').files];
    const started = performance.now();
    for (const [i, file] of files.entries()) {
      const res = await fetch(`${db}/plain-${i}/bytes`, { method: 'PUT', body: file, headers: { 'content-type': file.type || 'application/octet-stream' } });
      if (res.status !== 201) throw new Error(`PUT answered ${res.status}`);
    }
    return performance.now() - started;
  }, couch.db);
  const plainUpMemory = await memory();

  // Device B syncs the events (downloads «al abrir»), then opens the ticket: every file is
  // listed at once as not on the device, and downloaded.
  const contextB = await browser.newContext({ locale: 'es-MX' });
  const b = await contextB.newPage();
  await configure(b, app.url, couch.url);
  await b.click('#sync-now');
  await waitFor('B has the ticket', async () => {
    await b.goto(`${app.url}/#/`);
    return (await b.locator('li.ticket .number', { hasText: number }).count()) === 1;
  });
  const down = transferClock(b, 'GET');
  memory = await watchMemory(b);
  const profiler = await cpuProfiler(b);
  await b.locator('li.ticket .number', { hasText: number }).click();
  await waitFor('B stores every file', async () => (await b.locator('li.attachment[data-stored="yes"]').count()) === FILES);
  const stored = Date.now();
  await profiler?.print();
  const downMemory = await memory();
  if (down.count < FILES) throw new Error(`B fetched ${down.count} files, not ${FILES}`);
  const downloadMs = stored - down.first;

  memory = await watchMemory(b);
  const plainDownloadMs = await b.evaluate(async (db) => {
    const ids = (await (await fetch(`${db}/_all_docs?startkey="blob-"&endkey="blob-\uffff"`)).json()).rows.map((r) => r.id);
    const started = performance.now();
    let bytes = 0;
    for (const id of ids) bytes += (await (await fetch(`${db}/${id}/bytes`)).arrayBuffer()).byteLength;
    if (!bytes) throw new Error('nothing fetched');
    return performance.now() - started;
  }, couch.db);
  const plainDownMemory = await memory();

  console.log(`requests in flight: upload ${seconds(up.network)} s of ${seconds(uploadMs)} s, download ${seconds(down.network)} s of ${seconds(downloadMs)} s (the rest: reading, hashing, storing, showing)`);
  console.log(`upload: Mesa ${seconds(uploadMs)} s, plain fetch ${seconds(plainUploadMs)} s: ${(uploadMs / plainUploadMs).toFixed(2)}×`);
  console.log(`download: Mesa ${seconds(downloadMs)} s (first request to every file stored and listed), plain fetch ${seconds(plainDownloadMs)} s: ${(downloadMs / plainDownloadMs).toFixed(2)}×`);
  const busy = (m) => `${m.busy.TaskDuration.toFixed(2)} s (script ${m.busy.ScriptDuration.toFixed(2)} s, style ${m.busy.RecalcStyleDuration.toFixed(2)} s, layout ${m.busy.LayoutDuration.toFixed(2)} s)`;
  console.log(`page's main thread busy: download Mesa ${busy(downMemory)}, plain fetch ${busy(plainDownMemory)}; upload Mesa ${busy(upMemory)}`);
  console.log(`memory above the start: upload ${upMemory.rssMb.toFixed(0)} MB resident (JS heap ${upMemory.heapMb.toFixed(1)} MB), download ${downMemory.rssMb.toFixed(0)} MB resident (JS heap ${downMemory.heapMb.toFixed(1)} MB), for ${FILES * MB} MB of files; plain fetch: upload ${plainUpMemory.rssMb.toFixed(0)} MB, download ${plainDownMemory.rssMb.toFixed(0)} MB resident`);
  const line = (metric, value) => console.log(`mesa-bench attachments ${metric}=${value}`);
  line('files', FILES);
  line('file_mb', MB);
  line('upload_ms', uploadMs.toFixed(0));
  line('plain_upload_ms', plainUploadMs.toFixed(0));
  line('upload_ratio', (uploadMs / plainUploadMs).toFixed(2));
  line('download_ms', downloadMs.toFixed(0));
  line('plain_download_ms', plainDownloadMs.toFixed(0));
  line('download_ratio', (downloadMs / plainDownloadMs).toFixed(2));
  line('upload_peak_rss_mb', upMemory.rssMb.toFixed(0));
  line('download_peak_rss_mb', downMemory.rssMb.toFixed(0));
  line('plain_upload_peak_rss_mb', plainUpMemory.rssMb.toFixed(0));
  line('plain_download_peak_rss_mb', plainDownMemory.rssMb.toFixed(0));
  line('download_main_thread_busy_ms', (downMemory.busy.TaskDuration * 1000).toFixed(0));
  line('download_script_ms', (downMemory.busy.ScriptDuration * 1000).toFixed(0));
  line('plain_download_main_thread_busy_ms', (plainDownMemory.busy.TaskDuration * 1000).toFixed(0));
  line('upload_peak_heap_mb', upMemory.heapMb.toFixed(1));
  line('download_peak_heap_mb', downMemory.heapMb.toFixed(1));
} finally {
  await browser.close();
  await app.close();
  await couch.stop();
  await rm(dir, { recursive: true, force: true });
}
