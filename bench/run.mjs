// Runs the page-level benchmarks against the build in dist-bench/ (or $MESA_DIST) and prints
// their figures. `node bench/run.mjs` runs all; `node bench/run.mjs write open` only those named.
// Each benchmark is bench/<name>.mjs exporting `async function run({ browser, url })`.
import { launch, serve, root } from './lib.mjs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const BENCHMARKS = ['write', 'bulk', 'open', 'filter', 'search-before-list'];

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!BENCHMARKS.includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${BENCHMARKS.join(', ')}`);
    process.exit(2);
  }
}
const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b)) : BENCHMARKS;

const browser = await launch();
const chromiumVersion = browser.version();
let cpu = cpus()[0]?.model ?? 'unknown CPU';
let nproc = String(cpus().length);
try { nproc = execFileSync('nproc').toString().trim(); } catch { /* os.cpus() above */ }
console.log(`Mesa benchmarks — ${new Date().toISOString()}`);
console.log(`machine: ${nproc} cores, ${cpu}; Chromium ${chromiumVersion}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; build: ${process.env.MESA_DIST || join(root, 'dist-bench')}`);

// One server for the whole run: the same origin, so a benchmark can reuse a desk another one
// seeded (see seededApp in lib.mjs).
const server = await serve();
let failed = 0;
for (const name of selected) {
  const started = Date.now();
  try {
    const bench = await import(pathToFileURL(join(root, 'bench', `${name}.mjs`)).href);
    await bench.run({ browser, url: server.url });
    console.log(`  (${name}: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } catch (e) {
    failed += 1;
    console.log(`\n${name}: FAILED\n  ${String(e?.stack ?? e).split('\n').join('\n  ')}`);
  }
}
await server.close();
await browser.close();
process.exit(failed ? 1 : 0);
