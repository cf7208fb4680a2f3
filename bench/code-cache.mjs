// Issue #21, a cold start: does the browser keep the app's compiled code between browser starts?
// Chromium caches a WebAssembly module's compiled code (beside the service worker's copy of the
// file) some seconds after its last optimised function, and a later start then skips compiling
// it. This starts a browser on a new profile on disk, opens the app (which installs its service
// worker), then starts the browser again STARTS times, each start left open LINGER ms, and reads
// Chromium's trace events for each start: whether the main module's code came from that cache,
// how many functions were compiled on first call (lazily, on the page's thread), and whether the
// browser produced a cache for the main module. Once with an empty desk, once with a desk of
// TICKETS tickets (seeded through the store, `__mesaBench.seed`).
//
//   MESA_DIST=dist-e2e node bench/code-cache.mjs
//
// Environment: MESA_BENCH_STARTS (default 3), MESA_BENCH_LINGER_MS (8000), MESA_BENCH_TICKETS
// (1000). Prints `mesa-bench code_cache METRIC=VALUE` lines. Measured in session 33 (2026-12-07,
// Chromium 156): see docs/PERFORMANCE.md.
import { launch, serve, diskContext, openApp, wasmTrace, mainFromCodeCache, isMainModule } from './lib.mjs';

const STARTS = Number(process.env.MESA_BENCH_STARTS || 3);
const LINGER_MS = Number(process.env.MESA_BENCH_LINGER_MS || 8000);
const TICKETS = Number(process.env.MESA_BENCH_TICKETS || 1000);

/** One start of the browser on `dir`: the app opened, left open, and what the trace says. */
async function start(dir, url) {
  const context = await diskContext(dir);
  const page = await context.newPage();
  const trace = await wasmTrace(page);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${url}/#/`);
  await page.waitForFunction(() => performance.getEntriesByName('mesa:store-open').length > 0, null, { timeout: 120_000 });
  await page.waitForTimeout(LINGER_MS); // the browser caches compiled code some seconds after the last optimised function
  const storeOpen = await page.evaluate(() => performance.getEntriesByName('mesa:store-open')[0].startTime);
  const events = await trace.stop();
  if (page.errors.length) throw new Error(`page errors: ${page.errors.join(' | ')}`);
  await context.close();
  return {
    hit: mainFromCodeCache(events),
    produced: events.some((e) => e.name === 'v8.wasm.compiledModule' && isMainModule(e.args?.url)),
    lazy: events.filter((e) => e.name === 'wasm.CompileLazy').length,
    lazyMs: events.filter((e) => e.name === 'wasm.CompileLazy').reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0),
    storeOpen,
  };
}

async function scenario(name, url, seed) {
  const context = await diskContext();
  const dir = context.userDataDir;
  const page = await openApp(context, url);
  await page.waitForFunction(() => navigator.serviceWorker?.ready.then(() => window.__mesaBench !== undefined), null, { timeout: 120_000 });
  if (seed) {
    const events = await page.evaluate((n) => window.__mesaBench.seed('mesa', 'p4-callmyway', n), seed);
    console.log(`  ${name}: seeded ${seed} tickets (${events} events)`);
  }
  await context.close();
  const line = (metric, value) => console.log(`mesa-bench code_cache ${name}_${metric}=${value}`);
  let last;
  for (let i = 1; i <= STARTS; i += 1) {
    last = await start(dir, url);
    console.log(`  ${name}, start ${i}: main module from the code cache: ${last.hit ? 'yes' : 'no'}; compiled on first call: ${last.lazy} functions (${last.lazyMs.toFixed(0)} ms); a cache produced: ${last.produced ? 'yes' : 'no'}; store open ${last.storeOpen.toFixed(0)} ms`);
  }
  line('main_from_cache', last.hit ? 1 : 0);
  line('lazy_compiles', last.lazy);
  line('lazy_compile_ms', last.lazyMs.toFixed(1));
}

const browser = await launch(); // only for its version: every start below is its own browser
console.log(`Mesa code cache — ${new Date().toISOString()}; Chromium ${browser.version()}; ${STARTS} starts, each open ${LINGER_MS} ms`);
await browser.close();
const server = await serve();
await scenario('empty', server.url, 0);
await scenario('desk', server.url, TICKETS);
await server.close();
process.exit(0);
