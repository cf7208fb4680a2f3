// A Chrome trace of the queue's filter changes at 10k tickets (a diagnostic, not a benchmark):
// how the time between a filter change and the updated list splits between script, style,
// layout, paint and the rest of the browser's work, per trace event name, and which task ran
// each layout. (It showed that a select's change makes Chromium's autofill post a task,
// form_submission_tracker.cc FormControlDidChange, that forces a layout of the changed list
// before the next message: that layout's cost is part of every filter change.)
// `OPEN_DETAILS=1` opens the filters' <details> first, as a person using them would.
//   MESA_DIST=$PWD/dist-bench node bench/trace-filter.mjs [TICKETS]
import { launch, serve, seededQueue, checkErrors, afterMicrotasks } from './lib.mjs';

const tickets = Number(process.argv[2] || 10000);
const browser = await launch();
const server = await serve();
try {
  const page = await seededQueue(browser, server.url, tickets);
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
  const inWindow = (e) => spans.some(([a, b]) => e.ts >= a && e.ts <= b);
  // Windows with a frame (the rendering lifecycle ran inside) against those without.
  const frames = events.filter((e) => e.ph === 'X' && e.name === 'WebFrameWidgetImpl::UpdateLifecycle');
  const split = { frame: [], none: [] };
  for (const [a, b] of spans) {
    const inside = frames.filter((f) => f.ts >= a && f.ts <= b);
    (inside.length ? split.frame : split.none).push([(b - a) / 1000, inside.reduce((s, f) => s + f.dur / 1000, 0)]);
  }
  const list = (v) => v.map(([w, f]) => (f ? `${w.toFixed(1)} (frame ${f.toFixed(1)})` : w.toFixed(1))).sort((x, y) => parseFloat(y) - parseFloat(x)).join(', ');
  console.log(`windows with a frame (${split.frame.length}), ms: ${list(split.frame)}`);
  console.log(`windows without (${split.none.length}), ms: ${list(split.none)}`);
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = (e) => main && e.tid === main.tid && e.pid === main.pid;
  // Each layout in the windows, by the task that ran it (where that task was posted from) and
  // how many layout objects were dirty.
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && onMain(e));
  const layouts = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'Layout' || !onMain(e) || !inWindow(e)) continue;
    const task = tasks.find((t) => t.ts <= e.ts && t.ts + t.dur >= e.ts + e.dur);
    const k = task?.args?.src_func ? `${task.args.src_file.split('/').pop()}:${task.args.src_func}` : '(unknown task)';
    const v = layouts.get(k) ?? { ms: 0, n: 0, dirty: 0 };
    v.ms += e.dur / 1000; v.n += 1; v.dirty += e.args?.beginData?.dirtyObjects ?? 0;
    layouts.set(k, v);
  }
  console.log('layouts, by the task that ran them:');
  for (const [k, v] of [...layouts].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`  ${v.ms.toFixed(1).padStart(8)} ms  ${String(v.n).padStart(4)}×  ${(v.dirty / v.n).toFixed(0).padStart(5)} dirty objects on average  ${k}`);
  }
  // Complete events on the renderer's main thread inside the windows, by name (nested events
  // count at each level).
  const byName = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !onMain(e) || !inWindow(e)) continue;
    const v = byName.get(e.name) ?? { ms: 0, n: 0 };
    v.ms += (e.dur ?? 0) / 1000; v.n += 1;
    byName.set(e.name, v);
  }
  const windowMs = spans.reduce((s, [a, b]) => s + (b - a) / 1000, 0);
  console.log(`inside the windows: ${windowMs.toFixed(0)} ms in all; by trace event:`);
  for (const [k, v] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(`  ${v.ms.toFixed(1).padStart(8)} ms  ${String(v.n).padStart(5)}×  ${k}`);
} finally {
  await browser.close();
  server.close();
}
