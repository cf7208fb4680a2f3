// A CPU profile of the queue's filter changes and searches at 10k tickets (a diagnostic, not a
// benchmark): which functions take the time between a keystroke and the updated list. Build
// without wasm-opt to keep the function names, e.g.
//   sed -i 's/data-wasm-opt="z"/data-wasm-opt="0"/' index.html
//   trunk build --release --features split,test-hooks --dist /tmp/dist-prof; git checkout index.html
//   MESA_DIST=/tmp/dist-prof node bench/profile-filter.mjs [TICKETS]
import { launch, serve, seededQueue, checkErrors, afterMicrotasks } from './lib.mjs';

const tickets = Number(process.argv[2] || 10000);
const browser = await launch();
const server = await serve();
try {
  const page = await seededQueue(browser, server.url, tickets);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const spent = await page.evaluate(async (afterSrc) => {
    // eslint-disable-next-line no-eval
    const after = eval(afterSrc);
    const severity = document.querySelector('#filter-severity');
    const search = document.querySelector('#queue-search');
    const values = [...severity.options].map((o) => o.value);
    let busy = 0;
    for (let r = 0; r < 10; r += 1) {
      for (const v of values) {
        const t = performance.now();
        severity.value = v; severity.dispatchEvent(new Event('change', { bubbles: true }));
        await after();
        busy += performance.now() - t;
      }
      for (const text of ['b', 'br', 'bri', 'br', 'b', '']) {
        const t = performance.now();
        search.value = text; search.dispatchEvent(new Event('input', { bubbles: true }));
        await after();
        busy += performance.now() - t;
      }
    }
    return busy;
  }, afterMicrotasks);
  const { profile } = await cdp.send('Profiler.stop');
  checkErrors(page);
  console.log(`measured ${spent.toFixed(0)} ms of updates`);
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}`;
    self.set(name(byNode.get(id)), (self.get(name(byNode.get(id))) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byNode.get(cur));
      if (!seen.has(k)) { seen.add(k); total.set(k, (total.get(k) ?? 0) + dt); }
    }
  });
  const show = (title, map, n) => {
    console.log(title);
    for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${k.slice(0, 150)}`);
  };
  show('self time', self, 40);
  show('total time', total, 60);
} finally {
  await browser.close();
  server.close();
}
