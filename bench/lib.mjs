// Shared helpers for the page-level benchmarks: launch Debian's Chromium (playwright-core),
// serve the release build, statistics, and printing a table. Benchmarks print numbers; nothing
// here asserts on time.
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../tests/e2e/server.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const dist = process.env.MESA_DIST || join(root, 'dist-bench');

const CHROMIUM = {
  executablePath: process.env.MESA_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
};

/** Launches headless Chromium like tests/e2e/run.mjs does. */
export async function launch() {
  return chromium.launch(CHROMIUM);
}

/**
 * `MESA_BENCH_DISK=1`: the page benchmarks' desks live in a browser profile on disk
 * (`launchPersistentContext`), as a user's browser keeps them, instead of a fresh in-memory
 * context; the open benchmark then also measures a cold browser start on that profile.
 */
export const onDisk = Boolean(process.env.MESA_BENCH_DISK);

/**
 * `MESA_BENCH_PROFILES=DIR` (with `MESA_BENCH_DISK=1`): a desk seeded on disk is kept in
 * `DIR/<profile>-<tickets>` once its pages are written, and a later run copies it instead of
 * seeding again (seeding 100k tickets on disk takes far longer than in memory). IndexedDB
 * belongs to an origin, so the app is then served on a fixed port (`MESA_BENCH_PORT`, 8790).
 * A kept desk is the schema its build wrote: the app upgrades an older one as a user's would.
 */
const keptProfiles = onDisk ? process.env.MESA_BENCH_PROFILES : undefined;

const CONTEXT = { viewport: { width: 1024, height: 800 }, locale: 'es-MX' };

/**
 * A new temporary folder for a browser profile, removed when the benchmark ends (a copy of the
 * 100k desk's profile is 250 MB: every run used to leave one in the system's temporary folder).
 */
export function temporaryProfileDir() {
  const dir = mkdtempSync(join(tmpdir(), 'mesa-bench-profile-'));
  temporaryProfileDirs.push(dir);
  return dir;
}
const temporaryProfileDirs = [];
process.on('exit', () => {
  for (const dir of temporaryProfileDirs) {
    // A browser still closing may write into it meanwhile (ENOTEMPTY): retried, then reported
    // without failing a run whose figures are printed.
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (e) {
      process.stderr.write(`could not remove the temporary profile ${dir}: ${e.message}\n`);
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** A copy of the profile in `dir` in a new temporary profile folder ({@link temporaryProfileDir}). */
export function temporaryCopyOf(dir) {
  const copy = temporaryProfileDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/**
 * A browser context on a profile on disk (`dir`, a new temporary one when not given): its
 * IndexedDB is written to files and survives closing the browser. `context.userDataDir` says where.
 * `args`: more command-line switches for that browser.
 */
export async function diskContext(dir = temporaryProfileDir(), { bypassCSP = false, args = [] } = {}) {
  const context = await chromium.launchPersistentContext(dir, { ...CHROMIUM, args: [...CHROMIUM.args, ...args], ...CONTEXT, bypassCSP });
  context.userDataDir = dir;
  return context;
}

/**
 * Serves the build in `dist` on a free port: { url, close() }. The page is cross-origin isolated
 * (COOP and COEP headers), so `performance.now()` counts in microseconds instead of the 100 µs
 * steps Chromium gives other pages (the write benchmark's actions take well under 1 ms).
 */
export function serve() {
  const port = keptProfiles ? Number(process.env.MESA_BENCH_PORT || 8790) : 0;
  return serveStatic(dist, port, {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
}

/**
 * A fresh browser profile (empty IndexedDB) with the app loaded and `window.__mesaBench` ready.
 * Page errors are collected in `page.errors`. `bypassCSP` lets the benchmark add scripts.
 */
export async function freshApp(browser, url, { bypassCSP = false } = {}) {
  // `bypassCSP`: for a benchmark that loads a library into the app's page (PouchDB), which the
  // app's Content-Security-Policy refuses, as it should.
  const context = onDisk
    ? await diskContext(undefined, { bypassCSP })
    : await browser.newContext({ ...CONTEXT, bypassCSP });
  const page = await openApp(context, url);
  await page.waitForSelector('#queue-search', { timeout: 60_000 });
  await page.waitForFunction(() => window.__mesaBench !== undefined);
  return { context, page };
}

/** A new page of `context` on the app's queue, collecting page errors in `page.errors`. */
export async function openApp(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${url}/#/`);
  return page;
}

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);
export const p95 = (values) => quantile(values, 0.95);

/** "1.23 ms" with sensible precision. */
export function ms(v) {
  if (!Number.isFinite(v)) return 'n/a';
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)} ms`;
}

export function ratio(a, b) {
  return `${(a / b).toFixed(2)}×`;
}

/** Prints a title and an aligned table (rows are arrays of cells; the first row is the head). */
export function table(title, rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  console.log(`\n${title}`);
  rows.forEach((r, i) => {
    console.log(`  ${r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ')}`);
    if (i === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  });
}

/** Fails loudly if the page reported errors (a benchmark of a broken page means nothing). */
export function checkErrors(page) {
  if (page.errors.length) throw new Error(`page errors: ${page.errors.join(' | ')}`);
}

const seeded = new Map();

/**
 * A browser profile whose app database holds `tickets` synthetic tickets of preset `profile`
 * (seeded through the Rust store by `__mesaBench.seed`), with the app reloaded on the queue.
 * Cached for the run: the open and filter benchmarks share the same desks.
 */
export async function seededApp(browser, url, tickets, profile = 'p4-callmyway') {
  const key = `${profile}/${tickets}`;
  const kept = keptProfiles && join(keptProfiles, `${profile}-${tickets}`);
  if (!seeded.has(key) && kept && existsSync(kept)) {
    const context = await diskContext(temporaryCopyOf(kept));
    // The kept desk as it was seeded: its due runner kept out (its lock held by another tab), or
    // the hours since the seeding add thousands of due events, and every start reads the whole
    // projection without its pages and first screen.
    const holder = await context.newPage();
    await holder.goto(`${url}/icons/icon.svg`);
    await holder.evaluate(() => { navigator.locks.request('mesa-due', () => new Promise(() => {})); });
    const page = await openApp(context, url);
    await page.waitForSelector('li.ticket', { timeout: 120_000 });
    // A profile kept by an older build may have its pages written again (without the search
    // index, say): measured once they are current, as on a desk opened before.
    await page.waitForFunction(() => performance.getEntriesByName('mesa:list-pages-written').length > 0,
      null, { timeout: 600_000 });
    console.log(`  ${tickets} tickets (${profile}) from the kept profile ${kept}`);
    seeded.set(key, { context, page, url });
  }
  if (!seeded.has(key)) {
    const { context, page } = await freshApp(browser, url);
    const started = Date.now();
    const events = await page.evaluate(([n, p]) => window.__mesaBench.seed('mesa', p, n), [tickets, profile]);
    console.log(`  seeded ${tickets} tickets (${events} events, ${profile}) through the store in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await page.reload();
    await page.waitForSelector('li.ticket', { timeout: 120_000 });
    // The first load after seeding writes the queue-summary cache, then the list's pages
    // (src/app/list_pages.rs): measure with both current, as a desk opened before is.
    await page.waitForFunction(() => ['mesa:queue-cache-written', 'mesa:list-pages-written']
      .every((mark) => performance.getEntriesByName(mark).length > 0), null, { timeout: 600_000 });
    seeded.set(key, { context, page, url });
    if (kept) {
      // Closed first, so every file of the profile is written; then opened again on it.
      await context.close();
      rmSync(`${kept}.partial`, { recursive: true, force: true });
      cpSync(context.userDataDir, `${kept}.partial`, { recursive: true });
      renameSync(`${kept}.partial`, kept);
      console.log(`  kept the seeded profile in ${kept}`);
      const reopened = await diskContext(context.userDataDir);
      const again = await openApp(reopened, url);
      await again.waitForSelector('li.ticket', { timeout: 120_000 });
      seeded.set(key, { context: reopened, page: again, url });
    }
  }
  return seeded.get(key);
}

/**
 * Closes the browser of an on-disk seeded desk and starts a new one on the same profile: the
 * cold start a user's first visit of the day is. Returns the new page (not yet waited on) and
 * keeps it as the desk's for the benchmarks after.
 */
export async function coldRestart(tickets, profile = 'p4-callmyway') {
  const key = `${profile}/${tickets}`;
  const desk = seeded.get(key);
  await desk.context.close();
  const context = await diskContext(desk.context.userDataDir);
  // A persistent context opens with a blank page: use a new one like a user's new tab.
  const page = await openApp(context, desk.url);
  seeded.set(key, { context, page, url: desk.url });
  return page;
}

/** The page of a desk seeded with `tickets` (see `seededApp`), on the queue with its first rows drawn. */
export async function seededQueue(browser, url, tickets) {
  const { page } = await seededApp(browser, url, tickets);
  await page.goto(`${url}/#/`);
  await page.waitForSelector('li.ticket', { timeout: 120_000 });
  return page;
}

/** Resolves after every pending microtask (Leptos's reactive updates) ran: one posted task. */
export const afterMicrotasks = `() => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); })`;

/**
 * With `MESA_BENCH_PROFILE=1`, starts the Chrome DevTools CPU profiler on `page`; `print()`
 * stops it and prints the 25 functions with the most self time. `null` otherwise.
 * `MESA_BENCH_PROFILE_US` sets its sampling interval (1,000 µs by default); `MESA_BENCH_PROFILE_OUT=FILE`
 * also writes the whole profile (a `.cpuprofile` DevTools opens) to FILE.
 *
 * ```js
 * const profiler = await cpuProfiler(page);
 * // … the work measured …
 * await profiler?.print();
 * ```
 */
export async function cpuProfiler(page) {
  if (!process.env.MESA_BENCH_PROFILE) return null;
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: Number(process.env.MESA_BENCH_PROFILE_US || 1000) });
  await session.send('Profiler.start');
  return {
    async print() {
      const { profile } = await session.send('Profiler.stop');
      if (process.env.MESA_BENCH_PROFILE_OUT) writeFileSync(process.env.MESA_BENCH_PROFILE_OUT, JSON.stringify(profile));
      printProfile(profile);
    },
  };
}

/**
 * Records Chromium's trace of `page` for the WebAssembly compiler and its code cache (V8's
 * `wasm.*` events, Blink's `v8.wasm.moduleCacheHit` / `v8.wasm.compiledModule`); `stop()` ends
 * it and returns the events. Start it before the page navigates.
 *
 * ```js
 * const trace = await wasmTrace(page);
 * await page.goto(url);
 * const events = await trace.stop();
 * const lazy = events.filter((e) => e.name === 'wasm.CompileLazy').length;
 * ```
 */
export async function wasmTrace(page) {
  const session = await page.context().newCDPSession(page);
  const events = [];
  session.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await session.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline', 'v8.wasm'] } });
  return {
    async stop() {
      const done = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
      await session.send('Tracing.end');
      await done;
      return events;
    },
  };
}

/** Whether `url` is the app's main WebAssembly module (not a page's, loaded on demand). */
export const isMainModule = (url) => /\/mesa-web-[0-9a-f]+_bg\.wasm$/.test(url ?? '');

/** Whether the app's main module came from the browser's code cache in `events` ({@link wasmTrace}). */
export const mainFromCodeCache = (events) => events.some((e) => e.name === 'v8.wasm.moduleCacheHit' && isMainModule(e.args?.url));

/** The 25 functions with the most self time in a CPU profile, and the idle share. */
function printProfile(profile) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id).callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (deltas[i + 1] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`CPU profile: ${(total / 1e6).toFixed(2)} s sampled`);
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${(100 * us / total).toFixed(1).padStart(5)}%  ${(us / 1e6).toFixed(2).padStart(6)} s  ${name}`);
  }
}
