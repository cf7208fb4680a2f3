// Issue #21: cold starts at 100k on disk of two builds, side by side, alternated: the way to
// tell whether a change makes a browser's first start of the day faster. Each build starts
// copies of its own prepared profile, a copy of the kept 100k profile opened once by that build:
//   - with the due runner kept out (its Web Lock held by another tab of the site): the desk's
//     clocks moved on since it was seeded, and their events would leave every later start
//     without its list's pages and first screen (a start then takes twice as long);
//   - until its worker is installed and its list's pages are as that build writes them: a copy
//     started by another build's worker installs the new one during the start (the whole site
//     precached), ~0.5 s slower.
// Needs `MESA_BENCH_DISK=1 MESA_BENCH_PROFILES=DIR` (the kept profile, seeded by the open
// benchmark if missing). `MESA_BENCH_RUNS` starts of each (default 5).
//
//   MESA_BENCH_DISK=1 MESA_BENCH_PROFILES=~/.cache/mesa/bench-profiles MESA_DIST=BEFORE MESA_DIST_B=AFTER node bench/cold-compare.mjs
//
// Prints `mesa-bench cold_compare METRIC=VALUE` lines (`a_…` for MESA_DIST, `b_…` for MESA_DIST_B).
import { serveStatic } from '../tests/e2e/server.mjs';
import { launch, seededApp, diskContext, openApp, temporaryCopyOf, checkErrors, ms, onDisk, dist } from './lib.mjs';
import { marks, printStartMedians } from './open.mjs';

const TICKETS = 100_000;
const RUNS = Number(process.env.MESA_BENCH_RUNS || 5);
const PORT = Number(process.env.MESA_BENCH_PORT || 8790);
const HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
if (!onDisk || !process.env.MESA_BENCH_PROFILES || !process.env.MESA_DIST_B) {
  throw new Error('needs MESA_BENCH_DISK=1, MESA_BENCH_PROFILES=DIR, MESA_DIST=A and MESA_DIST_B=B');
}
const builds = [['a', dist], ['b', process.env.MESA_DIST_B]];

/** `build` served on the kept profile's origin while `work(url)` runs. */
async function serving(build, work) {
  const server = await serveStatic(build, PORT, HEADERS);
  try {
    return await work(server.url);
  } finally {
    await server.close();
  }
}

/** A copy of `kept` opened once by the build at `url` (see the file's text). */
async function prepared(kept, url) {
  const dir = temporaryCopyOf(kept);
  const context = await diskContext(dir);
  const holder = await context.newPage();
  await holder.goto(`${url}/icons/icon.svg`);
  await holder.evaluate(() => { navigator.locks.request('mesa-due', () => new Promise(() => {})); });
  const page = await openApp(context, url);
  await marks(page);
  // The list's pages current for that build (written again if it found them due), and its
  // worker installed (it takes over at the next start).
  await page.waitForFunction(() => performance.getEntriesByName('mesa:list-pages-written').length > 0,
    null, { timeout: 600_000 });
  await page.waitForFunction(async () => {
    const build = document.documentElement.dataset.build;
    const registration = await navigator.serviceWorker.getRegistration();
    const worker = registration && (registration.waiting || registration.active);
    return !build || Boolean(worker?.scriptURL.includes(build));
  }, null, { timeout: 120_000, polling: 500 });
  checkErrors(page);
  await context.close();
  return dir;
}

/** A cold start of a copy of `dir` on the build at `url`: the app's marks from the navigation. */
async function coldStart(dir, url) {
  const context = await diskContext(temporaryCopyOf(dir));
  const page = await openApp(context, url);
  const m = await marks(page);
  checkErrors(page);
  await context.close();
  return m;
}

// The kept profile (seeded and kept by lib.mjs when missing), closed so its files are complete.
const browser = await launch();
const kept = await serving(dist, async (url) => {
  const { context } = await seededApp(browser, url, TICKETS);
  await context.close();
  return context.userDataDir;
});
await browser.close();
const profiles = {};
for (const [name, build] of builds) profiles[name] = await serving(build, (url) => prepared(kept, url));
const results = { a: [], b: [] };
for (let i = 0; i < RUNS; i += 1) {
  for (const [name, build] of builds) {
    const r = await serving(build, (url) => coldStart(profiles[name], url));
    results[name].push(r);
    console.log(`  ${name} (${build}): store open ${ms(r.open)}, first screen ${ms(r.ready)}, list read ${ms(r.loaded)}, queue complete ${ms(r.complete)}`);
  }
}
for (const [name, runs] of Object.entries(results)) printStartMedians('cold_compare', name, runs);
process.exit(0);
