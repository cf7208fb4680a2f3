// Attachments on one device (#16): downloads «Solo con Wi-Fi (si el navegador lo indica)» and
// «Liberar espacio». Another device's events are on a real pouchdb-server (a ticket closed 60
// days ago with a photo, an open ticket with a log), read through the fault proxy so every
// download is counted. Set to Wi-Fi only, the device says that this browser (desktop Chromium:
// no connection type) behaves as «al abrir» and downloads nothing after a sync; once the
// browser reports Wi-Fi (the `test-hooks` stand-in for `navigator.connection.type`), a file
// announced by the next sync arrives in the background, and so do the two held back before,
// each once. Opening the old ticket shows its photo already here; «Liberar ahora» refuses days that are not a number (naming the field), then with 30
// days drops exactly that photo (1 file, its bytes) and keeps the open ticket's files; the
// ticket lists it as not on the device and downloads the same bytes again when opened.
import { createHash } from 'node:crypto';
import { test, assert, eventually } from './harness.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { startCouch, configure, syncUntil } from './couch.mjs';
import { ulid, hlc } from './events.mjs';
import { storedHash } from './stored.mjs';

const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
const PHOTO = Buffer.from('\xff\xd8\xff\xe0 foto del rack, sede norte, cerrada hace dos meses \xff\xd9', 'latin1');
const LOG = Buffer.from('2026-10-15 09:12 enlace caido en el router\n');
const LATER = Buffer.from('2026-10-15 09:40 enlace restablecido\n');
const DAY = 24 * 60 * 60 * 1000;

/** Another device's events: `opened`, then each of `more` a minute apart, from `startMs`. */
function ticket(number, startMs, more) {
  const id = ulid(startMs);
  const docs = [{
    _id: id, id, ticket_id: id, hlc: hlc(startMs, 0, 'oficina'), actor: 'ana', kind: 'opened',
    payload: { number, customer: 'Minera Sur', description: 'Rack sin energía' },
  }];
  more.forEach(([kind, payload], i) => {
    const wall = startMs + (i + 1) * 60_000;
    const eid = ulid(wall);
    docs.push({ _id: eid, id: eid, ticket_id: id, hlc: hlc(wall, 0, 'oficina'), actor: 'ana', kind, payload });
  });
  return { id, docs };
}

const attached = (name, mime, bytes) => ['attachment_added',
  { id: `att-${name}`, name, mime, size: bytes.length, sha256: sha(bytes) }];

async function publish(couch, docs, files) {
  const r = await fetch(`${couch.db}/_bulk_docs`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ docs }),
  });
  assert.ok(r.ok, `events stored: ${r.status}`);
  for (const [bytes, mime] of files) {
    const put = await fetch(`${couch.db}/blob-${sha(bytes)}/bytes`, {
      method: 'PUT', headers: { 'content-type': mime }, body: bytes,
    });
    assert.ok(put.ok, `file stored: ${put.status}`);
  }
}

test('attachments on this device: Wi-Fi only where the browser tells, and freeing space drops only an old closed ticket\'s download',
  async ({ context, page, app }) => {
    const couch = await startCouch();
    const proxy = await startFaultProxy(couch.url);
    const gets = (bytes) => proxy.log.filter((e) => e.method === 'GET' && e.path.endsWith(`/blob-${sha(bytes)}/bytes`)).length;
    try {
      // The stand-in for navigator.connection.type, kept across reloads.
      await context.addInitScript(() => {
        // A hung download gives up after 2.5 s (30 s in production).
        window.__mesaSyncTimeoutMs = 2_500;
        const kind = localStorage.getItem('e2e-connection-type');
        if (kind) window.__mesaTestConnectionType = kind;
      });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const now = Date.now();
      const old = ticket('260901-00001', now - 61 * DAY,
        [attached('rack.jpg', 'image/jpeg', PHOTO), ['closed', { note: 'Energía restablecida' }]]);
      const open = ticket('261201-00002', now - 2 * DAY, [attached('router.log', 'text/plain', LOG)]);
      await publish(couch, [...old.docs, ...open.docs], [[PHOTO, 'image/jpeg'], [LOG, 'text/plain']]);

      // Wi-Fi only, on a browser that does not say what the connection is.
      await configure(page, app.url, proxy.url);
      await page.selectOption('#sync-downloads', 'wifi');
      await eventually(async () => (await page.locator('#sync-downloads-outcome').textContent()).includes('guardada'),
        'download preference saved');
      assert.match(await page.locator('#sync-downloads-hint').textContent(),
        /no indica el tipo de conexión: los adjuntos se descargan al abrir la incidencia/);
      await syncUntil(page, app.url, async () => (await page.locator('li.ticket .number').allTextContents()).includes('261201-00002'),
        'the device has the open ticket');
      assert.equal(gets(PHOTO) + gets(LOG), 0, 'nothing downloaded after the sync');
      assert.equal(await storedHash(page, sha(LOG)), null);

      // The browser now says Wi-Fi: a file the next sync announces arrives in the background,
      // and so do the files held back while the browser did not say so, without opening their
      // tickets.
      await page.evaluate(() => {
        localStorage.setItem('e2e-connection-type', 'wifi');
        window.__mesaTestConnectionType = 'wifi';
      });
      const later = ticket('261201-00003', now - DAY, [attached('restablecido.log', 'text/plain', LATER)]);
      await publish(couch, later.docs, [[LATER, 'text/plain']]);
      const here = async (bytes) => (await storedHash(page, sha(bytes))) === sha(bytes);
      await syncUntil(page, app.url, async () => (await here(LATER)) && (await here(PHOTO)) && (await here(LOG)),
        'the new file and the ones held back downloaded on Wi-Fi without opening their tickets');
      assert.deepEqual([gets(PHOTO), gets(LOG)], [1, 1], 'each held-back file fetched once');
      await page.goto(`${app.url}/#/sincronizar`);
      await eventually(async () => (await page.locator('#sync-downloads').inputValue()) === 'wifi', 'preference read');
      assert.match(await page.locator('#sync-downloads-hint').textContent(), /indica Wi-Fi o cable/);
      await syncUntil(page, app.url, async () => true, 'another sync');
      assert.deepEqual([gets(PHOTO), gets(LOG)], [1, 1], 'nothing fetched twice');

      // Opening the old ticket shows its photo, already on this device.
      await page.goto(`${app.url}/#/ticket/${old.id}`);
      const photo = page.locator('li.attachment[data-name="rack.jpg"]');
      await eventually(async () => (await photo.getAttribute('data-stored')) === 'yes', 'photo here on open', 20_000);
      assert.equal(await storedHash(page, sha(PHOTO)), sha(PHOTO));
      assert.equal(gets(PHOTO), 1);

      // «Liberar ahora»: days that are not a number are named by their field, nothing goes.
      await page.goto(`${app.url}/#/sincronizar`);
      await eventually(async () => !(await page.locator('#prune-now').isDisabled()), 'space settings loaded');
      assert.equal(await page.locator('#prune-enabled').isChecked(), false, 'off by default');
      await page.fill('#prune-days', 'treinta');
      await page.click('#prune-now');
      await eventually(async () => (await page.locator('#prune-days-problem').textContent()).includes('«Días desde el cierre»'),
        'the field is named');
      assert.equal(await page.locator('#prune-days').getAttribute('aria-invalid'), 'true');
      assert.equal(await storedHash(page, sha(PHOTO)), sha(PHOTO));
      // With 30 days: the photo of the ticket closed 61 days ago goes; the open tickets' stay.
      await page.fill('#prune-days', '30');
      assert.match(await page.locator('label:has(#prune-enabled)').textContent(), /cerradas hace más de 30 días/);
      await page.click('#prune-now');
      await eventually(async () => /Se liberaron .*: 1 archivo borrado de este dispositivo/.test(
        await page.locator('#prune-outcome').textContent()), 'freed one file');
      assert.match(await page.locator('#prune-outcome').textContent(), new RegExp(`Se liberaron ${PHOTO.length} B`));
      assert.equal(await page.locator('#prune-days-problem').textContent(), '');
      assert.equal(await storedHash(page, sha(PHOTO)), null, 'the photo left this device');
      assert.equal(await storedHash(page, sha(LATER)), sha(LATER), 'an open ticket\'s file stays');
      // The ticket lists the photo as not on this device and downloads the same bytes again.
      const hold = proxy.fail({ method: 'GET', path: new RegExp(`/blob-${sha(PHOTO)}/bytes$`), fault: 'hang' });
      await page.goto(`${app.url}/#/ticket/${old.id}`);
      await eventually(async () => (await photo.getAttribute('data-stored')) === 'no'
        && /no está en este dispositivo todavía/.test(await photo.textContent()), 'listed as not on this device');
      hold.times = 0;
      await eventually(async () => (await photo.getAttribute('data-stored')) === 'yes', 'photo downloaded again', 30_000);
      assert.ok(gets(PHOTO) >= 2, 'fetched again from the server');
      assert.equal(await storedHash(page, sha(PHOTO)), sha(PHOTO));

      // Passes after syncs, on: saved on this device; the sync at the next start drops the
      // photo again by itself.
      await page.goto(`${app.url}/#/sincronizar`);
      await eventually(async () => !(await page.locator('#prune-now').isDisabled()), 'space settings loaded');
      await page.fill('#prune-days', '30');
      await page.check('#prune-enabled');
      await page.click('#prune-save');
      await eventually(async () => (await page.locator('#prune-outcome').textContent()).includes('guardada'), 'saved');
      await page.reload();
      await eventually(async () => !(await page.locator('#prune-now').isDisabled()), 'space settings loaded again');
      assert.equal(await page.locator('#prune-enabled').isChecked(), true);
      assert.equal(await page.locator('#prune-days').inputValue(), '30');

      await eventually(async () => (await storedHash(page, sha(PHOTO))) === null,
        'the pass after the start-up sync dropped the photo', 30_000);
      assert.equal(await storedHash(page, sha(LATER)), sha(LATER));
      assert.deepEqual(errors, []);
    } finally {
      await proxy.close();
      await couch.stop();
    }
  });
