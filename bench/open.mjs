// Issue #4, open: time from navigation to the queue showing its first screen of tickets (the app
// marks `performance.mark('mesa:queue-ready')` when the first rows are in the DOM; its startTime
// is measured from navigation start), with 10k and 100k stored tickets.
// Goals: < 400 ms at 10k, < 1.5 s at 100k; the full list (what search and every filter work on)
// ≤ 1.5 s at 100k, taken when the queue shows it (its count instead of «Cargando el resto…», at
// the next animation frame; `mesa:tickets-loaded`, the list read, is printed beside it); memory ≤ 150 MB at 100k: the page's JS heap (DevTools
// `Runtime.getHeapUsage` after a collection) plus the wasm memory (a wasm memory never shrinks: it is the peak),
// read after the last reload once the full list has loaded. At 200k tickets (the ~1M-event desk
// of #21): first screen and full list < 3 s, memory ≤ 200 MB.
// With MESA_BENCH_DISK=1 the desks are in a browser profile on disk, and after the reloads the
// browser is closed and started again on that profile: the cold start (`cold_*` figures).
// MESA_BENCH_RELOADS=N reloads N times at every size. With MESA_BENCH_PROFILE=1 the last reload is CPU-profiled until the full list has loaded.
// Prints `mesa-bench open METRIC=VALUE` lines.
import { seededApp, coldRestart, onDisk, median, ms, table, checkErrors, cpuProfiler } from './lib.mjs';

export const SIZES = (process.env.MESA_BENCH_SIZES || '10000,100000').split(',').map(Number);
const RELOADS = { 10000: 7, 100000: 5, 200000: 3 };
const GOALS = { 10000: 400, 100000: 1500, 200000: 3000 };
/** #21: the full list (ms) and the page's memory (MB) where they have a goal. */
const FULL_LIST_GOALS = { 100000: 1500, 200000: 3000 };
const MEMORY_GOALS = { 100000: 150, 200000: 200 };

/** Waits for the queue's first screen and its full list on `page`; the marks, from navigation. */
export async function marks(page) {
  const t = await page.waitForFunction(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
    const ready = at('mesa:queue-ready');
    const loaded = at('mesa:tickets-loaded');
    // Rows come from the summary cache before the full list; wait for both.
    return ready && loaded && { ready, open: at('mesa:store-open'), loaded };
  }, null, { timeout: 120_000 });
  const m = await t.jsonValue();
  // The full list read is not yet what the user gets: the queue then computes every ticket's
  // entry (its clocks, its folded search text) and shows the count instead of «Cargando el
  // resto…». Taken at the first animation frame once the queue is no longer busy.
  const done = await page.waitForFunction(() => {
    const queue = document.querySelector('section.queue');
    const count = queue?.querySelector('.count')?.textContent ?? '';
    return queue?.getAttribute('aria-busy') === 'false' && /\d/.test(count) && performance.now();
  }, null, { timeout: 120_000, polling: 'raf' });
  return { ...m, complete: await done.jsonValue() };
}

/**
 * Prints the medians of `starts` ({@link marks}' results, with `extra` figures named
 * `{ metric: field }`) as `mesa-bench BENCH NAME_METRIC=VALUE` lines.
 *
 * ```js
 * printStartMedians('cold_start', 'cached', starts, { lazy_compiles: 'lazy' });
 * ```
 */
export function printStartMedians(bench, name, starts, extra = {}) {
  const figures = { store_open_ms: 'open', first_screen_ms: 'ready', full_list_ms: 'loaded', queue_complete_ms: 'complete', ...extra };
  for (const [metric, field] of Object.entries(figures)) {
    console.log(`mesa-bench ${bench} ${name}_${metric}=${median(starts.map((r) => r[field])).toFixed(1)}`);
  }
}

export async function run({ browser, url }) {
  const rows = [['tickets', 'median', 'min', 'max', 'runs', 'goal', 'phases (median): store open / rows shown / full list read / queue complete', 'memory: JS heap + wasm']];
  for (const n of SIZES) {
    const { page } = await seededApp(browser, url, n);
    const times = [];
    const phases = { open: [], loaded: [], complete: [] };
    const reloads = Number(process.env.MESA_BENCH_RELOADS) || (RELOADS[n] ?? 5);
    for (let i = 0; i < reloads; i += 1) {
      const profiler = i === reloads - 1 ? await cpuProfiler(page) : null;
      await page.reload();
      const m = await marks(page);
      await profiler?.print();
      times.push(m.ready);
      phases.open.push(m.open);
      phases.loaded.push(m.loaded);
      phases.complete.push(m.complete);
    }
    const rowsShown = await page.locator('li.ticket').count();
    if (rowsShown === 0) throw new Error('no rows shown');
    checkErrors(page);
    const cdp = await page.context().newCDPSession(page);
    // What the page keeps, not garbage waiting for a collection.
    await cdp.send('HeapProfiler.collectGarbage');
    const heapMb = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024;
    await cdp.detach();
    const wasmMb = (await page.evaluate(() => window.__mesaBench.wasmMemoryBytes())) / 1024 / 1024;
    const goal = GOALS[n];
    rows.push([n, ms(median(times)), ms(Math.min(...times)), ms(Math.max(...times)), times.length,
      goal ? `< ${goal} ms: ${median(times) < goal ? 'met' : 'MISSED'}` : '',
      `${ms(median(phases.open))} / ${ms(median(times))} / ${ms(median(phases.loaded))} / ${ms(median(phases.complete))}`,
      `${heapMb.toFixed(1)} + ${wasmMb.toFixed(1)} = ${(heapMb + wasmMb).toFixed(1)} MB`]);
    const size = n >= 1000 ? `${n / 1000}k` : String(n);
    const line = (metric, value) => console.log(`mesa-bench open ${metric}_${size}=${value}`);
    console.log(`mesa-bench open on_disk=${onDisk ? 1 : 0}`);
    line('first_screen_ms', median(times).toFixed(1));
    line('store_open_ms', median(phases.open).toFixed(1));
    line('full_list_ms', median(phases.loaded).toFixed(1));
    line('queue_complete_ms', median(phases.complete).toFixed(1));
    line('js_heap_mb', heapMb.toFixed(1));
    line('wasm_memory_mb', wasmMb.toFixed(1));
    line('memory_mb', (heapMb + wasmMb).toFixed(1));
    const verdict = (value, limit, unit) => `${value.toFixed(1)} ${unit} (goal ≤ ${limit}: ${value <= limit ? 'met' : 'MISSED'})`;
    // The goal is what the user gets: the queue showing (and searching) every ticket.
    if (FULL_LIST_GOALS[n]) console.log(`  full list at ${size}, queue complete: ${verdict(median(phases.complete), FULL_LIST_GOALS[n], 'ms')}, ${reloads} reloads, ${ms(Math.min(...phases.complete))}–${ms(Math.max(...phases.complete))} (read: ${ms(median(phases.loaded))})`);
    if (MEMORY_GOALS[n]) console.log(`  memory at ${size}: ${verdict(heapMb + wasmMb, MEMORY_GOALS[n], 'MB')}`);
    table(`open (#4): navigation → first screen of the queue (performance mark mesa:queue-ready)${onDisk ? ', profile on disk' : ''}`, rows.splice(0, rows.length, rows[0]));
    if (onDisk) {
      // The browser closed and started again on the profile: from launch to the first screen,
      // and the marks from the navigation.
      const started = Date.now();
      const cold = await coldRestart(n);
      const c = await marks(cold);
      const wall = Date.now() - started;
      checkErrors(cold);
      console.log(`  cold start at ${size}: browser start to first screen ${ms(wall)}; from navigation: store open ${ms(c.open)}, first screen ${ms(c.ready)}, full list read ${ms(c.loaded)}, queue complete ${ms(c.complete)}`);
      line('cold_first_screen_ms', c.ready.toFixed(1));
      line('cold_full_list_ms', c.loaded.toFixed(1));
      line('cold_queue_complete_ms', c.complete.toFixed(1));
      line('cold_browser_to_first_screen_ms', wall.toFixed(0));
    }
  }
}
