// Issue #21, a cold start at 100k on disk with and without the browser's code cache. Chromium
// keeps a WebAssembly module's compiled code beside the service worker's copy of the file, and
// a start that finds it skips compiling the app (bench/code-cache.mjs). V8 asks for that cache
// 2 s after the last function it optimised, but when more code was optimised meanwhile it asks
// again after that many SECONDS instead of milliseconds (V8's TriggerCachingAfterTimeout passes
// its milliseconds to a call that takes seconds): in a session that opens a desk with tickets,
// the cache is written some 30 minutes in, not 2 s. A user's browser, open all day, has it; a
// profile seeded by a benchmark does not. So every browser here runs with
// `--js-flags=--wasm-caching-timeout-ms=20` (the cache then comes within 20 s, the rest of the
// engine unchanged), and the benchmark compares, from copies of the kept 100k profile:
//   - cold starts on the kept profile as seeded (no cache for the main module: a first start
//     after a new version), and
//   - cold starts on a copy first opened once for 30 s (the cache written: a later start).
// Needs `MESA_BENCH_DISK=1 MESA_BENCH_PROFILES=DIR` (the kept profile, seeded by the open
// benchmark if missing). `MESA_BENCH_RUNS` pairs (default 3), alternated.
//
//   MESA_BENCH_DISK=1 MESA_BENCH_PROFILES=~/.cache/mesa/bench-profiles MESA_DIST=… node bench/cold-start.mjs
//
// Prints `mesa-bench cold_start METRIC=VALUE` lines.
import { launch, serve, seededApp, diskContext, openApp, temporaryCopyOf, ms, checkErrors, onDisk, wasmTrace, mainFromCodeCache } from './lib.mjs';
import { marks, printStartMedians } from './open.mjs';

const TICKETS = 100_000;
const RUNS = Number(process.env.MESA_BENCH_RUNS || 3);
const FLAGS = ['--js-flags=--wasm-caching-timeout-ms=20'];
if (!onDisk || !process.env.MESA_BENCH_PROFILES) throw new Error('needs MESA_BENCH_DISK=1 and MESA_BENCH_PROFILES=DIR');


/** A cold start on `dir`: the app's marks from the navigation, and whether the main module came from the cache. */
async function coldStart(dir, url) {
  const context = await diskContext(dir, { args: FLAGS });
  const page = await context.newPage();
  const trace = await wasmTrace(page);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${url}/#/`);
  const m = await marks(page);
  const events = await trace.stop();
  checkErrors(page);
  await context.close();
  const cached = mainFromCodeCache(events);
  const lazy = events.filter((e) => e.name === 'wasm.CompileLazy').length;
  return { ...m, cached, lazy };
}

const browser = await launch();
const server = await serve();
// The kept profile (seeded and kept by lib.mjs when missing), closed so its files are complete.
const { context: keptContext } = await seededApp(browser, server.url, TICKETS);
const kept = keptContext.userDataDir;
await keptContext.close();
// A copy opened once for 30 s: the browser writes the main module's compiled code. The due
// runner is kept out (its Web Lock held by another tab of the site): the events it would append
// (the desk's clocks moved on since it was seeded) would leave the next start without its
// pages and summary cache, and that start would measure their absence, not the code cache.
const primed = temporaryCopyOf(kept);
{
  const context = await diskContext(primed, { args: FLAGS });
  const holder = await context.newPage();
  await holder.goto(`${server.url}/icons/icon.svg`);
  await holder.evaluate(() => { navigator.locks.request('mesa-due', () => new Promise(() => {})); });
  const page = await openApp(context, server.url);
  await page.waitForSelector('li.ticket', { timeout: 120_000 });
  await page.waitForTimeout(30_000);
  checkErrors(page);
  await context.close();
}
const results = { none: [], cached: [] };
for (let i = 0; i < RUNS; i += 1) {
  for (const [name, from] of [['none', kept], ['cached', primed]]) {
    const r = await coldStart(temporaryCopyOf(from), server.url);
    results[name].push(r);
    console.log(`  ${name === 'none' ? 'no code cache' : 'code cache   '}: store open ${ms(r.open)}, first screen ${ms(r.ready)}, list read ${ms(r.loaded)}, queue complete ${ms(r.complete)}; main module from the cache: ${r.cached ? 'yes' : 'no'}, ${r.lazy} functions compiled on first call`);
  }
}
for (const [name, runs] of Object.entries(results)) printStartMedians('cold_start', name, runs, { lazy_compiles: 'lazy' });
await server.close();
await browser.close();
process.exit(0);
