// Sync between two devices through a real CouchDB-API server (pouchdb-server, in memory):
// both configure the endpoint on the Sincronizar page; A registers a ticket and syncs; B syncs
// and sees it; A registers another ticket while offline, comes back online and syncs; B sees
// both.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, assert, eventually } from './harness.mjs';
import { registerTicket } from './01-skeleton.test.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts pouchdb-server in memory with CORS open, and creates the database `mesa`. */
async function startCouch() {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'mesa-pouchdb-'));
  const config = join(dir, 'config.json');
  await writeFile(config, JSON.stringify({
    httpd: { enable_cors: true },
    cors: {
      origins: '*',
      credentials: true,
      methods: 'GET, PUT, POST, HEAD, DELETE',
      headers: 'accept, authorization, content-type, origin, referer',
    },
    log: { file: join(dir, 'log.txt') },
  }));
  const child = spawn(join(root, 'node_modules', '.bin', 'pouchdb-server'),
    ['--in-memory', '--port', String(port), '--dir', dir, '--config', config, '--no-stdout-logs'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  // If the runner exits early (its 120 s limit), do not leave the server behind.
  const killOnExit = () => child.kill();
  process.on('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    child.kill();
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  };
  try {
    await eventually(async () => (await fetch(url)).ok, `pouchdb-server answers (${stderr})`, 30_000);
    const created = await fetch(`${url}/mesa`, { method: 'PUT' });
    assert.ok([201, 412].includes(created.status), `database created (${created.status})`);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop };
}

/** Fills the Sincronizar page, tests the connection, saves. */
async function configure(page, appUrl, couchUrl) {
  await page.goto(`${appUrl}/#/sincronizar`);
  await page.waitForSelector('#sync-url');
  await eventually(async () => !(await page.locator('#sync-save').isDisabled()), 'settings loaded');
  await page.fill('#sync-url', couchUrl);
  await page.fill('#sync-db', 'no-existe');
  await page.click('#sync-test');
  await eventually(async () => (await page.locator('#sync-outcome').textContent()).includes('HTTP 404'),
    'missing database reported');
  await page.fill('#sync-db', 'mesa');
  await page.click('#sync-test');
  await eventually(async () => (await page.locator('#sync-outcome').textContent())
    === 'Conexión correcta: la base de datos responde.', 'connection test passes');
  await page.click('#sync-save');
  await eventually(async () => (await page.locator('#sync-outcome').textContent()) === 'Configuración guardada.',
    'settings saved');
}

/** Clicks "Sincronizar ahora" (on the Sincronizar page) until `done()` holds on the queue. */
async function syncUntil(page, appUrl, done, message) {
  await eventually(async () => {
    await page.goto(`${appUrl}/#/sincronizar`);
    await page.waitForSelector('#sync-now');
    await eventually(async () => !(await page.locator('#sync-now').isDisabled()), 'sync button enabled');
    await page.click('#sync-now');
    await eventually(async () => (await page.locator('#sync-counts').count()) === 1
      && !(await page.locator('#sync-now').isDisabled()), 'a sync finished');
    if (await page.locator('#sync-error').count()) {
      throw new Error(`sync error: ${await page.locator('#sync-error').textContent()}`);
    }
    await page.goto(`${appUrl}/#/`);
    return done();
  }, message, 30_000);
}

const step = (what) => { if (process.env.MESA_E2E_VERBOSE) console.log(`  [${new Date().toISOString()}] ${what}`); };

const numbers = (page) => page.locator('li.ticket .number').allTextContents();

test('sync: two devices exchange tickets through a CouchDB-API server, also after offline work',
  async ({ browser, page, app }) => {
    const couch = await startCouch();
    const contextB = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX' });
    const errorsB = [];
    try {
      const pageB = await contextB.newPage();
      pageB.on('pageerror', (e) => errorsB.push(String(e)));
      if (process.env.MESA_E2E_VERBOSE) {
        for (const [name, p] of [['A', page], ['B', pageB]]) {
          p.on('request', (r) => { if (r.url().startsWith(couch.url)) step(`${name} > ${r.method()} ${r.url()}`); });
          p.on('requestfinished', (r) => { if (r.url().startsWith(couch.url)) step(`${name} < ${r.url()}`); });
          p.on('requestfailed', (r) => { if (r.url().startsWith(couch.url)) step(`${name} ! ${r.url()} ${r.failure()?.errorText}`); });
        }
      }
      await configure(page, app.url, couch.url);
      step('A configured');
      await configure(pageB, app.url, couch.url);
      step('B configured');

      // A registers a ticket and syncs: the outbox empties.
      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const first = await registerTicket(page, { customer: 'Farmacias del Norte', user: 'Laura Gómez', description: 'Sin tono en la sede norte' });
      await syncUntil(page, app.url, async () => (await page.locator('header .status').textContent()).includes('0 por sincronizar'),
        'A pushed its ticket');
      step('A pushed its ticket');
      const stored = await (await fetch(`${couch.url}/mesa/_all_docs`)).json();
      assert.ok(stored.rows.length >= 1, 'the server holds the events');

      // B syncs and sees it.
      await syncUntil(pageB, app.url, async () => (await numbers(pageB)).includes(first), 'B sees the first ticket');
      step('B sees the first ticket');

      // A works offline, then comes back and syncs.
      await page.context().setOffline(true);
      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const second = await registerTicket(page, { customer: 'Hotel Brisa', user: 'Pedro Ruiz', description: 'Llamadas se cortan', severity: 's1' });
      await page.goto(`${app.url}/#/`);
      await eventually(async () => (await numbers(page)).includes(second), 'A lists the offline ticket');
      step('A lists the offline ticket');
      // The opening and the message P4's "apertura" rule queues for the reporter.
      assert.ok((await page.locator('header .status').textContent()).includes('2 por sincronizar'), 'waiting in the outbox');
      await page.context().setOffline(false);
      await syncUntil(page, app.url, async () => (await page.locator('header .status').textContent()).includes('0 por sincronizar'),
        'A pushed the offline ticket');
      step('A pushed the offline ticket');

      await syncUntil(pageB, app.url, async () => {
        const list = await numbers(pageB);
        return list.includes(first) && list.includes(second);
      }, 'B sees both tickets');
      step('B sees both tickets');
      assert.deepEqual(await numbers(pageB), [second, first], 'newest first on B');
      await pageB.goto(`${app.url}/#/sincronizar`);
      await eventually(async () => (await pageB.locator('#sync-last-ok').textContent()).startsWith('Última sincronización correcta'),
        'B shows its last successful sync');
      assert.deepEqual(errorsB, [], 'no page errors on B');
    } finally {
      await contextB.close().catch(() => {});
      await couch.stop();
    }
  });
