// A Chrome trace of the queue's filter changes at 10k tickets (a diagnostic, not a benchmark):
// how the time between a filter change and the updated list splits between script, style,
// layout, paint and the rest of the browser's work, per trace event name.
//   MESA_DIST=$PWD/dist-bench node bench/trace-filter.mjs [TICKETS]
import { launch, serve, seededApp, checkErrors, afterMicrotasks } from './lib.mjs';

const tickets = Number(process.argv[2] || 10000);
const browser = await launch();
const server = await serve();
try {
  const { page } = await seededApp(browser, server.url, tickets);
  await page.goto(`${server.url}/#/`);
  await page.waitForSelector('li.ticket', { timeout: 120_000 });
  await page.waitForFunction(() => performance.getEntriesByName('mesa:tickets-loaded').length > 0);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'blink.user_timing', 'v8.execute', 'disabled-by-default-devtools.timeline.stack', 'toplevel', 'toplevel.flow', 'disabled-by-default-toplevel.flow', 'mojom', 'autofill', 'disabled-by-default-autofill', 'renderer', 'renderer.scheduler', 'accessibility', 'ipc'] });
  const windows = await page.evaluate(async ([afterSrc, openDetails]) => {
    // eslint-disable-next-line no-eval
    const after = eval(afterSrc);
    const pause = () => new Promise((r) => setTimeout(r, 30));
    const severity = document.querySelector('#filter-severity');
    const status = document.querySelector('#filter-status');
    const out = [];
    if (openDetails) document.querySelector('details.filters').open = true;
    await new Promise((r) => setTimeout(r, 100));
    const change = async (select, v) => {
      await pause();
      const t = performance.now();
      performance.mark('w-start');
      select.value = v; select.dispatchEvent(new Event('change', { bubbles: true }));
      await after();
      performance.mark('w-end');
      out.push({ what: `${select.id}=${v}`, ms: performance.now() - t });
    };
    for (let r = 0; r < 5; r += 1) {
      for (const v of [...severity.options].map((o) => o.value).filter(Boolean)) await change(severity, v);
      await change(severity, '');
      for (const v of ['closed', 'waiting_on_customer', '']) await change(status, v);
    }
    return out;
  }, [afterMicrotasks, !!process.env.OPEN_DETAILS]);
  const buffer = await browser.stopTracing();
  checkErrors(page);
  const trace = JSON.parse(buffer.toString());
  const events = trace.traceEvents ?? trace;
  const marks = events.filter((e) => e.name === 'w-start' || e.name === 'w-end').sort((a, b) => a.ts - b.ts);
  const spans = [];
  for (let i = 0; i + 1 < marks.length; i += 1) if (marks[i].name === 'w-start' && marks[i + 1].name === 'w-end') spans.push([marks[i].ts, marks[i + 1].ts]);
  console.log(`${windows.length} changes, ${spans.length} windows found in the trace`);
  windows.sort((a, b) => b.ms - a.ms);
  console.log('slowest:', windows.slice(0, 8).map((w) => `${w.what} ${w.ms.toFixed(1)} ms`).join(', '));
  console.log('median:', windows[Math.floor(windows.length / 2)].ms.toFixed(1), 'ms');
  // Complete events (ph X) on the renderer main thread inside the windows, by name (self time
  // not separated: nested events count in each level).
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const byName = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !main || e.tid !== main.tid || e.pid !== main.pid) continue;
    if (!spans.some(([a, b]) => e.ts >= a && e.ts <= b)) continue;
    const k = e.name;
    const v = byName.get(k) ?? { ms: 0, n: 0 };
    v.ms += (e.dur ?? 0) / 1000; v.n += 1;
    byName.set(k, v);
  }
  // What forced each layout inside the windows: the script frames of its stack, if traced.
  const forcers = new Map();
  for (const e of events) {
    if (e.name !== 'Layout' || !spans.some(([a, b]) => e.ts >= a && e.ts <= b)) continue;
    const stack = e.args?.beginData?.stackTrace ?? [];
    const around = events.filter((o) => o.ph === 'X' && o.tid === e.tid && o.pid === e.pid && o !== e && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0))
      .sort((a, b) => a.ts - b.ts).map((o) => o.name + (o.args?.data?.functionName ? `(${o.args.data.functionName})` : '') + (o.args?.data?.type ? `(${o.args.data.type})` : '') + (o.name === 'RunTask' ? JSON.stringify(o.args ?? {}).slice(0, 200) : ''));
    const k = (stack.slice(0, 4).map((f) => `${f.functionName || '?'}@${(f.url || '').split('/').pop()}:${f.lineNumber}`).join(' < ') || '(no stack)') + ' IN ' + around.join(' > ');
    forcers.set(k, (forcers.get(k) ?? 0) + (e.dur ?? 0) / 1000);
  }
  for (const e of events) {
    if (e.name === 'Layout' && e.ph === 'X' && spans.slice(5, 8).some(([a, b]) => e.ts >= a && e.ts <= b)) console.log('Layout', ((e.dur ?? 0) / 1000).toFixed(2), JSON.stringify(e.args).slice(0, 400));
  }
  console.log('layouts by what forced them:');
  {
    const [a, b] = spans[5];
    const inside = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ts >= a && e.ts <= b && !e.name.startsWith('LocalFrameView::UpdateStyleAndLayout') && !e.name.startsWith('InlineNode') && !e.name.startsWith('UpdateCounters')).sort((x, y) => x.ts - y.ts);
    const stackEnds = [];
    for (const e of inside) {
      while (stackEnds.length && stackEnds.at(-1) <= e.ts) stackEnds.pop();
      if (e.ph === 'X' && (e.dur ?? 0) > 20 || e.ph !== 'X') console.log(`${' '.repeat(stackEnds.length * 2)}${((e.ts - a) / 1000).toFixed(2)} ${e.ph} ${e.cat} ${e.name} ${((e.dur ?? 0) / 1000).toFixed(2)}ms ${JSON.stringify(e.args ?? {}).slice(0, 160)}`);
      if (e.ph === 'X') stackEnds.push(e.ts + (e.dur ?? 0));
    }
  }
  for (const [k, v] of [...forcers].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`);
  const windowMs = spans.reduce((s, [a, b]) => s + (b - a) / 1000, 0);
  console.log(`inside the windows: ${windowMs.toFixed(0)} ms in all`);
  for (const [k, v] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(`  ${v.ms.toFixed(1).padStart(8)} ms  ${String(v.n).padStart(5)}×  ${k}`);
} finally {
  await browser.close();
  server.close();
}
