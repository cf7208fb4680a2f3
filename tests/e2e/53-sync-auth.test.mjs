// Sync credentials: HTTP Basic against a real pouchdb-server whose database admits only its
// members, and a Bearer token checked by a gateway (the fault proxy; pouchdb-server has no
// tokens). The configured credentials are sent; wrong ones give the specific 401 message in
// "Probar conexión"; they never appear in a backup, a profile export or the console.
import { test, assert, eventually } from './harness.mjs';
import { registerTicket } from './desk.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { startCouch, configure, probe, syncUntil, exportBackup, outboxCount, serverDocs } from './couch.mjs';

const USER = 'tecnica-norte';
const PASSWORD = 'c0ntraseña-Ñandú-91';
const TOKEN = 'tok-3f9a1c7e5b2d4068';
const WRONG_PASSWORD = 'otra-clave-equivocada';
const WRONG_TOKEN = 'tok-caducado-0000';

async function download(page, appUrl, route, button) {
  await page.goto(`${appUrl}/#/${route}`);
  await page.waitForSelector(`#${button}`);
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#${button}`)]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

test('sync auth: Basic and Bearer are sent, wrong ones get the 401 message, never exported or logged',
  async ({ browser, page, app }) => {
    const couch = await startCouch({ admin: { name: USER, password: PASSWORD } });
    const gateway = await startFaultProxy(couch.url);
    gateway.requireAuth(`Bearer ${TOKEN}`, { forwardAs: couch.auth });
    const contextB = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX' });
    const consoleText = [];
    const sent = [];
    try {
      const pageB = await contextB.newPage();
      for (const p of [page, pageB]) {
        p.on('console', (m) => consoleText.push(m.text()));
        p.on('request', async (r) => {
          if (r.url().startsWith(couch.url) || r.url().startsWith(gateway.url)) {
            // A background sync can start as the test closes its pages; its headers can no longer
            // be read then, and it comes after every assertion.
            const headers = await r.allHeaders().catch(() => null);
            if (headers) sent.push({ url: r.url(), method: r.method(), authorization: headers.authorization });
          }
        });
      }

      // Basic, wrong password: the real server refuses it, and the page says so.
      await page.goto(`${app.url}/#/sincronizar`);
      await page.waitForSelector('#sync-url');
      await eventually(async () => !(await page.locator('#sync-save').isDisabled()), 'settings loaded');
      await page.fill('#sync-url', couch.url);
      await page.fill('#sync-db', couch.name);
      await page.selectOption('#sync-auth', 'basic');
      await page.fill('#sync-user', USER);
      await page.fill('#sync-password', WRONG_PASSWORD);
      assert.equal(await probe(page),
        'El servidor rechazó las credenciales (HTTP 401). Revise el usuario, la contraseña o el token.');
      // Right password: connection, sync.
      await configure(page, app.url, couch.url, { auth: 'basic', user: USER, password: PASSWORD });
      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const number = await registerTicket(page, { customer: 'Colegio Miramar', user: 'Marta Gil', description: 'Sin tono en secretaría' });
      await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'A pushed with Basic auth');
      const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
      await eventually(() => sent.some((r) => r.url.includes('/_changes')), 'A pulled');
      assert.ok(sent.filter((r) => r.url.startsWith(couch.url) && r.method !== 'OPTIONS')
        .filter((r) => r.url.includes('/_bulk_docs') || r.url.includes('/_changes'))
        .every((r) => r.authorization === basic), 'every sync request carries the Basic credentials');

      // Bearer through the gateway: a wrong token is refused with the same message; the right
      // one syncs, and B gets A's ticket.
      await pageB.goto(`${app.url}/#/sincronizar`);
      await pageB.waitForSelector('#sync-url');
      await eventually(async () => !(await pageB.locator('#sync-save').isDisabled()), 'settings loaded on B');
      await pageB.fill('#sync-url', gateway.url);
      await pageB.fill('#sync-db', couch.name);
      await pageB.selectOption('#sync-auth', 'bearer');
      await pageB.fill('#sync-token', WRONG_TOKEN);
      assert.equal(await probe(pageB),
        'El servidor rechazó las credenciales (HTTP 401). Revise el usuario, la contraseña o el token.');
      await configure(pageB, app.url, gateway.url, { auth: 'bearer', token: TOKEN });
      await syncUntil(pageB, app.url, async () => (await pageB.locator('li.ticket .number').allTextContents()).includes(number),
        'B pulled with the Bearer token');
      const viaGateway = gateway.log.filter((e) => e.method !== 'OPTIONS');
      assert.ok(viaGateway.some((e) => e.authorization === `Bearer ${WRONG_TOKEN}` && e.status === 401), 'the wrong token was refused');
      assert.ok(viaGateway.filter((e) => e.path.endsWith('/_changes')).length > 0);
      assert.ok(viaGateway.filter((e) => e.path.endsWith('/_changes')).every((e) => e.authorization === `Bearer ${TOKEN}`),
        'every pull carries the token');
      // The one ticket's events (its opening, and the notification the profile queues with it),
      // and A's key publication (its first write, #20: a desk record, not a ticket).
      const docs = await serverDocs(couch);
      assert.equal(docs.filter((d) => d.kind === 'opened').length, 1);
      const tickets = docs.filter((d) => d.kind !== 'device_key_published');
      assert.equal(docs.length - tickets.length, 1, 'one key publication');
      assert.equal(new Set(tickets.map((d) => d.ticket_id)).size, 1, 'only that ticket');

      // Never in a backup, a profile export, or the console.
      const secrets = [PASSWORD, WRONG_PASSWORD, TOKEN, WRONG_TOKEN, basic.slice(6), encodeURIComponent(PASSWORD)];
      const files = {
        'backup A': await exportBackup(page, app.url),
        'backup B': await exportBackup(pageB, app.url),
        'profile A': await download(page, app.url, 'ajustes', 'export-profile'),
      };
      assert.match(files['backup A'], /Colegio Miramar/, 'the backup is a real one');
      for (const [name, text] of Object.entries(files)) {
        for (const secret of secrets) assert.ok(!text.includes(secret), `${name} holds no credentials`);
      }
      for (const line of consoleText) {
        for (const secret of secrets) assert.ok(!line.includes(secret), `console: ${line}`);
      }
    } finally {
      await contextB.close().catch(() => {});
      await gateway.close();
      await couch.stop();
    }
  });
