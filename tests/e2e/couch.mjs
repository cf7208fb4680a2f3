// Helpers of the sync journeys: a real CouchDB-API server (pouchdb-server, in memory), the
// Sincronizar page, and waiting for syncs.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, eventually } from './harness.mjs';
import { zipEntry } from './zip.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The database the last started server gave this journey (the Sincronizar page's default). */
let currentDb = 'mesa';

/**
 * Starts pouchdb-server in memory with CORS open, and creates the database `mesa`.
 * With `admin: { name, password }`, that admin is created and `mesa` admits only members
 * (that user): reads without valid credentials get 401.
 * With `MESA_COUCH_URL` set (a CouchDB of the provider's, admin credentials in the URL, CORS
 * enabled for the app's origin), that server is used instead: a database per journey, open to
 * anyone or, with `admin`, to that user only (a real `_users` user), deleted afterwards.
 * Returns { url, name, db: url/name, auth (Basic header or undefined), headers (for the
 * journey's own requests: the admin's where one is needed), stop() }.
 */
export async function startCouch({ admin } = {}) {
  if (process.env.MESA_COUCH_URL) return externalCouch(new URL(process.env.MESA_COUCH_URL), admin);
  currentDb = 'mesa';
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
  const auth = admin
    ? `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}` : undefined;
  const headers = auth ? { authorization: auth } : {};
  try {
    await eventually(async () => (await fetch(url)).ok, `pouchdb-server answers (${stderr})`, 30_000);
    const created = await fetch(`${url}/mesa`, { method: 'PUT' });
    assert.ok([201, 412].includes(created.status), `database created (${created.status})`);
    if (admin) {
      const made = await fetch(`${url}/_config/admins/${admin.name}`,
        { method: 'PUT', body: JSON.stringify(admin.password) });
      assert.equal(made.status, 200, 'admin created');
      const secured = await fetch(`${url}/mesa/_security`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ admins: { names: [], roles: [] }, members: { names: [admin.name], roles: [] } }),
      });
      assert.equal(secured.status, 200, 'database restricted to its members');
      assert.equal((await fetch(`${url}/mesa`)).status, 401, 'anonymous reads refused');
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, name: 'mesa', db: `${url}/mesa`, auth, headers, stop };
}

const basic = (name, password) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

/** A database of its own on the provider's CouchDB (`MESA_COUCH_URL`), see `startCouch`. */
async function externalCouch(server, admin) {
  const adminAuth = basic(decodeURIComponent(server.username), decodeURIComponent(server.password));
  server.username = '';
  server.password = '';
  const url = server.href.replace(/\/$/, '');
  const name = `mesa_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const db = `${url}/${name}`;
  const asAdmin = { authorization: adminAuth, 'content-type': 'application/json' };
  const created = await fetch(db, { method: 'PUT', headers: asAdmin });
  assert.ok([201, 202].includes(created.status), `database ${name} created on ${url} (${created.status})`);
  const user = admin && `${url}/_users/org.couchdb.user:${encodeURIComponent(admin.name)}`;
  const stop = async () => {
    await fetch(db, { method: 'DELETE', headers: asAdmin }).catch(() => {});
    if (user) {
      const doc = await (await fetch(user, { headers: asAdmin })).json().catch(() => ({}));
      if (doc._rev) await fetch(`${user}?rev=${doc._rev}`, { method: 'DELETE', headers: asAdmin }).catch(() => {});
    }
  };
  try {
    // CouchDB 3 admits only admins to a new database until `_security` says otherwise.
    const members = admin ? { names: [admin.name], roles: [] } : { names: [], roles: [] };
    if (admin) {
      const made = await fetch(user, {
        method: 'PUT', headers: asAdmin,
        body: JSON.stringify({ name: admin.name, password: admin.password, roles: [], type: 'user' }),
      });
      assert.ok([201, 202, 409].includes(made.status), `user ${admin.name} created (${made.status})`);
    }
    const secured = await fetch(`${db}/_security`, {
      method: 'PUT', headers: asAdmin,
      body: JSON.stringify({ admins: { names: [], roles: [] }, members }),
    });
    assert.equal(secured.status, 200, 'database security set');
    if (admin) assert.equal((await fetch(db)).status, 401, 'anonymous reads refused');
  } catch (e) {
    await stop();
    throw e;
  }
  currentDb = name;
  const auth = admin ? basic(admin.name, admin.password) : undefined;
  return { url, name, db, auth, headers: { authorization: adminAuth }, stop };
}

/** Every event document on the server (design documents left out). */
export async function serverDocs(couch) {
  const all = await (await fetch(`${couch.db}/_all_docs?include_docs=true`, { headers: couch.headers })).json();
  return all.rows.filter((r) => !r.id.startsWith('_design/')).map((r) => r.doc);
}

/** The text "Probar conexión" shows. */
export async function probe(page) {
  await page.click('#sync-test');
  await eventually(async () => {
    const text = await page.locator('#sync-outcome').textContent().catch(() => '');
    return text && text !== 'Trabajando…';
  }, 'the connection test answered', 20_000);
  return page.locator('#sync-outcome').textContent();
}

/**
 * Fills the Sincronizar page, tests the connection, saves. Options: `db` (default: the last
 * started server's database),
 * `auth` ('basic' | 'bearer'), `user`, `password`, `token`; `checkMissing` first checks that
 * a missing database is reported.
 */
export async function configure(page, appUrl, couchUrl, options = {}) {
  await page.goto(`${appUrl}/#/sincronizar`);
  await page.waitForSelector('#sync-url');
  await eventually(async () => !(await page.locator('#sync-save').isDisabled()), 'settings loaded');
  await page.fill('#sync-url', couchUrl);
  if (options.auth) {
    await page.selectOption('#sync-auth', options.auth);
    if (options.auth === 'basic') {
      await page.fill('#sync-user', options.user);
      await page.fill('#sync-password', options.password);
    } else {
      await page.fill('#sync-token', options.token);
    }
  }
  if (options.checkMissing) {
    await page.fill('#sync-db', 'no-existe');
    await page.click('#sync-test');
    await eventually(async () => (await page.locator('#sync-outcome').textContent()).includes('HTTP 404'),
      'missing database reported');
  }
  await page.fill('#sync-db', options.db ?? currentDb);
  await page.click('#sync-test');
  await eventually(async () => (await page.locator('#sync-outcome').textContent())
    === 'Conexión correcta: la base de datos responde.', 'connection test passes', 20_000);
  await page.click('#sync-save');
  await eventually(async () => (await page.locator('#sync-outcome').textContent()) === 'Configuración guardada.',
    'settings saved');
}

/** Clicks "Sincronizar ahora" (on the Sincronizar page) until `done()` holds on the queue. */
export async function syncUntil(page, appUrl, done, message, timeoutMs = 30_000) {
  await eventually(async () => {
    await page.goto(`${appUrl}/#/sincronizar`);
    await page.waitForSelector('#sync-now');
    await eventually(async () => !(await page.locator('#sync-now').isDisabled()), 'sync button enabled', 30_000);
    await page.click('#sync-now');
    await eventually(async () => (await page.locator('#sync-counts').count()) === 1
      && !(await page.locator('#sync-now').isDisabled()), 'a sync finished', 30_000);
    if (await page.locator('#sync-error').count()) {
      throw new Error(`sync error: ${await page.locator('#sync-error').textContent()}`);
    }
    await page.goto(`${appUrl}/#/`);
    return done();
  }, message, timeoutMs);
}

/** Exports a backup from the Datos page and returns its document's text (`backup.json` of the ZIP). */
export async function exportBackup(page, appUrl) {
  await page.goto(`${appUrl}/#/datos`);
  await page.waitForSelector('#export-backup');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-backup')]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return zipEntry(Buffer.concat(chunks), 'backup.json').toString('utf8');
}

/** Imports a backup (its JSON text) on the Datos page and waits for the result. */
export async function importBackup(page, appUrl, json) {
  await page.goto(`${appUrl}/#/datos`);
  await page.waitForSelector('#import-backup', { state: 'attached' });
  await page.setInputFiles('#import-backup', { name: 'copia.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await eventually(async () => (await page.locator('#import-result').count()) === 1, 'import finished', 30_000);
  return page.locator('#import-result').textContent();
}

/** The header's "N por sincronizar" count. */
export async function outboxCount(page) {
  const text = await page.locator('header .status').textContent();
  const m = /(\d+) por sincronizar/.exec(text);
  return m ? Number(m[1]) : null;
}
