// Runs every tests/e2e/*.test.mjs journey against the release build in dist/, in Debian's
// Chromium driven by playwright-core, and ends with "N passed, N failed".
import { readdir, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from './server.mjs';
import { registered, csp } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dist = process.env.MESA_DIST || join(root, 'dist');
// A case-sensitive part of a journey's file name (`66-evidence`) or of its test's name.
const only = process.argv[2];

for (const file of (await readdir(here)).filter((f) => f.endsWith('.test.mjs')).sort()) {
  const before = registered().length;
  await import(pathToFileURL(join(here, file)).href);
  for (const journey of registered().slice(before)) journey.file = file;
}

const browser = await chromium.launch({
  executablePath: process.env.MESA_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
await mkdir(join(root, 'test-results'), { recursive: true });

// The app runs under its Content-Security-Policy (scripts/csp-post-build.py): a violation on any
// page of any context a journey opens fails that journey.
let violations = [];
// Every console error of the journey, printed when it fails (a panic's message is there).
let consoleErrors = [];
const watch = (context) => context.on('page', (p) => p.on('console', (message) => {
  if (message.type() !== 'error') return;
  if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  consoleErrors.push(message.text().slice(0, 2000));
}));
// Every context the running journey opened (its own and a second device's): all closed when it
// ends, so a journey that timed out is stopped (its pending steps fail at once), not left running.
let opened = [];
const newContext = browser.newContext.bind(browser);
browser.newContext = async (...args) => {
  const context = await newContext(...args);
  watch(context);
  opened.push(context);
  return context;
};

let passed = 0;
let failed = 0;
let n = 0;
for (const { name, fn, file } of registered()) {
  if (only && !name.includes(only) && !file.includes(only)) continue;
  n += 1;
  let server = await serveStatic(dist);
  const port = server.port;
  const app = {
    url: server.url,
    stop: async () => { await server.close(); },
    restart: async () => { server = await serveStatic(dist, port); },
    dist,
    // A deploy: the same address serves the site in `site` from now on.
    deploy: async (site) => { await server.close(); server = await serveStatic(site, port); },
  };
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const started = Date.now();
  violations = [];
  consoleErrors = [];
  csp.expected = 0;
  try {
    await Promise.race([
      fn({ browser, context, page, app }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 120 s')), 120_000)),
    ]);
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    if (violations.length !== csp.expected) {
      throw new Error(`Content-Security-Policy violations (${csp.expected} expected): ${violations.join(' | ')}`);
    }
    passed += 1;
    console.log(`ok ${n} - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`not ok ${n} - ${name}\n  ${String(e?.stack ?? e).split('\n').join('\n  ')}`);
    for (const line of consoleErrors.slice(-10)) console.log(`  console: ${line.split('\n').join('\n    ')}`);
    const shot = join(root, 'test-results', `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.log(`  screenshot: ${shot}`);
  } finally {
    for (const c of opened) await c.close().catch(() => {});
    opened = [];
    await server.close().catch(() => {});
  }
}
await browser.close();
console.log(`\ne2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
