// Where the wasm memory grows while a desk opens (#21): seeds a desk (P4, MESA_TRACE_TICKETS,
// 100k by default), then reloads it MESA_TRACE_RELOADS times (2) and prints, on one timeline
// from navigation start, the wasm memory size each time it changed (sampled every 20 ms between
// tasks: a long task's growth shows after it), the performance marks and the long tasks.
// Not one of bench/run.mjs's benchmarks; a tool for finding a peak:
//   MESA_DIST=dist-bench node bench/mem-trace.mjs
import { launch, serve, seededApp } from './lib.mjs';

const N = Number(process.env.MESA_TRACE_TICKETS || 100000);
const RELOADS = Number(process.env.MESA_TRACE_RELOADS || 2);
const SETTLE_MS = Number(process.env.MESA_TRACE_SETTLE_MS || 8000);

const SAMPLER = () => {
  window.__memSamples = [];
  window.__longTasks = [];
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { /* no long tasks */ }
  let last = -1;
  setInterval(async () => {
    if (!window.__mesaBench) return;
    const b = await window.__mesaBench.wasmMemoryBytes();
    if (b !== last) { window.__memSamples.push([performance.now(), b]); last = b; }
  }, 20);
};

const browser = await launch();
const server = await serve();
const { page } = await seededApp(browser, server.url, N);
await page.context().addInitScript(SAMPLER);
for (let i = 0; i < RELOADS; i += 1) {
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('mesa:tickets-loaded').length > 0, null, { timeout: 120_000 });
  await page.waitForTimeout(SETTLE_MS);
  const t = await page.evaluate(() => ({
    samples: window.__memSamples,
    marks: performance.getEntriesByType('mark').map((m) => [m.startTime, m.name]),
    longs: window.__longTasks,
  }));
  const rows = [
    ...t.samples.map(([at, b]) => [at, `wasm ${(b / 1048576).toFixed(1)} MB`]),
    ...t.marks.map(([at, n]) => [at, `MARK ${n}`]),
    ...t.longs.map(([at, d]) => [at, `longtask ${d.toFixed(0)} ms (to ${(at + d).toFixed(0)})`]),
  ].sort((a, b) => a[0] - b[0]);
  console.log(`\n--- reload ${i + 1} (${N} tickets)`);
  for (const [at, what] of rows) console.log(`${at.toFixed(0).padStart(7)} ms  ${what}`);
}
await browser.close();
server.close();
