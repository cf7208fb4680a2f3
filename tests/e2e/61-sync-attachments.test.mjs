// Attachments travel with sync (#16), through a real pouchdb-server behind the fault proxy:
// device A, a phone (390×844), takes a photo with the camera picker while offline (a 20 MiB
// file is refused there with the limit's message), goes online and syncs; the first upload of
// its bytes is cut halfway and sent again whole; the server then holds `blob-<sha256>` with exactly those bytes. Device
// B syncs, opens the ticket and at once sees the file (name, size, who) as not downloaded yet,
// while its download hangs; once the server answers, B has the file (thumbnail and links), and
// the bytes it shows hash to the original; B's backup ZIP holds the photo and a fresh profile
// restores it from there, byte for byte. A third device set to download attachments always
// has the bytes after one sync, before opening the ticket.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { test, assert, eventually, step } from './harness.mjs';
import { registerTicket, goOffline } from './desk.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { startCouch, configure, syncUntil } from './couch.mjs';
import { storedHash } from './stored.mjs';

/** A valid 2×2 RGBA PNG (a few dozen bytes, so "halfway" is a real cut). */
function png2x2() {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA
  const rows = Buffer.from([0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PNG = png2x2();
const SHA = createHash('sha256').update(PNG).digest('hex');
const BLOB = new RegExp(`/blob-${SHA}/bytes$`);

test('sync attachments: a photo taken offline on a phone, its cut upload sent again; another device lists the file at once and downloads the same bytes',
  async ({ browser, app }) => {
    const couch = await startCouch();
    const proxy = await startFaultProxy(couch.url);
    // A is the technician's phone.
    const contextA = await browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'es-MX',
    });
    const page = await contextA.newPage();
    const contextB = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX' });
    try {
      // B gives up a hung request after 2.5 s (30 s in production).
      await contextB.addInitScript(() => { window.__mesaSyncTimeoutMs = 2_500; });
      const pageB = await contextB.newPage();
      const errors = [];
      for (const p of [page, pageB]) p.on('pageerror', (e) => errors.push(String(e)));
      await configure(page, app.url, proxy.url);
      await configure(pageB, app.url, proxy.url);
      step('both configured');

      // The first upload of the file is cut halfway.
      const cut = proxy.fail({ method: 'PUT', path: BLOB, times: 1, fault: 'cut' });

      // A registers a ticket and attaches the photo.
      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const number = await registerTicket(page, { customer: 'Minera Sur', user: 'Técnico de campo', description: 'Rack sin energía' });
      await page.goto(`${app.url}/#/`);
      await page.locator('li.ticket .number', { hasText: number }).click();
      await page.waitForSelector('#attach-file', { state: 'attached' });
      // The picker that opens a phone's camera.
      assert.equal(await page.getAttribute('#attach-file', 'capture'), 'environment');
      assert.match(await page.getAttribute('#attach-file', 'accept'), /image\/\*/);
      // No signal at the customer's site.
      await goOffline(page);
      // A 20 MiB file is over the desk's 10 MB limit: refused, named, nothing written.
      await page.setInputFiles('#attach-file', { name: 'video-rack.mp4.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(20 * 1024 * 1024, 7) });
      const refused = await page.waitForSelector('.attach-refused');
      assert.match(await refused.textContent(), /«video-rack\.mp4\.jpg» pesa 20,0 MB y supera el límite de 10,0 MB por archivo\. No se guardó/);
      await page.setInputFiles('#attach-file', { name: 'rack.png', mimeType: 'image/png', buffer: PNG });
      await page.waitForSelector('li.attachment[data-name="rack.png"][data-stored="yes"]');
      assert.equal(await page.locator('li.attachment').count(), 1, 'only the photo was kept');
      step('A took the photo offline');
      await contextA.setOffline(false);

      // Back online, A syncs until the server holds the bytes.
      const onServer = async () => {
        const r = await fetch(`${couch.db}/blob-${SHA}/bytes`);
        return r.ok && Buffer.from(await r.arrayBuffer()).equals(PNG);
      };
      await syncUntil(page, app.url, onServer, 'the server holds the photo', 60_000);
      step('the server holds the photo');
      assert.equal(cut.times, 0, 'the first upload was cut');
      const puts = proxy.log.filter((e) => e.method === 'PUT' && BLOB.test(e.path));
      assert.equal(puts[0].status, 'cut');
      assert.ok(puts.slice(1).some((e) => e.status === 201), `then sent again whole: ${JSON.stringify(puts.map((e) => e.status))}`);
      // The upload went after the event that announces it.
      const firstPut = proxy.log.indexOf(puts[0]);
      assert.ok(proxy.log.slice(0, firstPut).some((e) => e.method === 'POST' && e.path.endsWith('/_bulk_docs') && e.status === 201),
        'the event was pushed before the bytes');
      const docs = (await (await fetch(`${couch.db}/_all_docs?include_docs=true`)).json()).rows.map((r) => r.doc);
      const added = docs.filter((d) => d.kind === 'attachment_added');
      assert.equal(added.length, 1);
      assert.equal(added[0].payload.sha256, SHA, 'the event names the bytes by their SHA-256');
      assert.equal(docs.filter((d) => d._id.startsWith('blob-')).length, 1, 'the bytes are stored once');

      // B's downloads of the photo hang until released.
      const hold = proxy.fail({ method: 'GET', path: BLOB, fault: 'hang' });
      await syncUntil(pageB, app.url, async () => (await pageB.locator('li.ticket .number').allTextContents()).includes(number),
        'B sees the ticket');
      await pageB.locator('li.ticket .number', { hasText: number }).click();
      // At once: the file is listed, with its size and who attached it, as not downloaded yet.
      const item = pageB.locator('li.attachment[data-name="rack.png"]');
      await eventually(async () => (await item.getAttribute('data-stored')) === 'no'
        && (await item.locator('.attachment-transfer[data-state="moving"]').count()) === 1, 'B lists the photo, downloading');
      assert.match(await item.textContent(), /no está en este dispositivo todavía/);
      assert.match(await item.textContent(), /Descargando…/);
      assert.match(await item.textContent(), new RegExp(`${PNG.length} B`));
      assert.ok((await item.locator('.attachment-by').textContent()).trim().length > 0, 'who and when');
      assert.equal(await item.locator('a, img').count(), 0, 'no link to bytes that are not here');
      // The hung request times out: B says so and retries by itself.
      await eventually(async () => (await item.locator('.attachment-transfer[data-state="failed"]').count()) === 1,
        'B shows the failed try', 20_000);
      assert.match(await item.locator('.attachment-transfer').textContent(), /No se pudo descargar: .*Se reintenta/);
      hold.times = 0;
      step('download released');
      await pageB.waitForSelector('li.attachment[data-name="rack.png"][data-stored="yes"]', { timeout: 30_000 });
      await eventually(() => item.locator('img.thumb').evaluate((img) => img.complete && img.naturalWidth === 2), 'thumbnail decoded');
      // The dispatcher sees the photo in the ticket's history too, where it was attached.
      const attached = pageB.locator('li.event[data-kind="attachment_added"] img.thumb');
      await attached.scrollIntoViewIfNeeded(); // loaded lazily, as the person scrolls to it
      await eventually(() => attached.evaluate((img) => img.complete && img.naturalWidth === 2), 'thumbnail in the timeline');
      assert.equal(await attached.getAttribute('alt'), 'Vista previa de rack.png');
      const bytes = await item.locator('a.attachment-download').evaluate(
        async (a) => Array.from(new Uint8Array(await (await fetch(a.href)).arrayBuffer())));
      assert.equal(createHash('sha256').update(Buffer.from(bytes)).digest('hex'), SHA, 'B holds the original bytes');
      assert.equal(await item.locator('a.attachment-download').getAttribute('download'), 'rack.png');

      // Still there after a reload, with no download.
      const gets = proxy.log.filter((e) => e.method === 'GET' && BLOB.test(e.path)).length;
      await pageB.reload();
      await pageB.waitForSelector('li.attachment[data-name="rack.png"][data-stored="yes"]');
      assert.equal(proxy.log.filter((e) => e.method === 'GET' && BLOB.test(e.path)).length, gets);

      // The dispatcher's backup holds the photo it downloaded: a fresh profile that never synced
      // restores it from the ZIP, with the same bytes.
      await pageB.goto(`${app.url}/#/datos`);
      await pageB.waitForSelector('#export-backup');
      const [download] = await Promise.all([pageB.waitForEvent('download'), pageB.click('#export-backup')]);
      await eventually(async () => /Archivos adjuntos incluidos: 1\./.test(await pageB.locator('#export-result').textContent()),
        'the downloaded photo is in the backup');
      const zip = readFileSync(await download.path());
      const contextD = await browser.newContext({ locale: 'es-MX' });
      try {
        const pageD = await contextD.newPage();
        pageD.on('pageerror', (e) => errors.push(String(e)));
        await pageD.goto(`${app.url}/#/datos`);
        await pageD.waitForSelector('#import-backup', { state: 'attached' });
        await pageD.setInputFiles('#import-backup', { name: 'respaldo.zip', mimeType: 'application/zip', buffer: zip });
        await eventually(async () => /Nuevos: 1; ya estaban: 0/.test(await pageD.locator('#import-files').textContent().catch(() => '')),
          'the photo restored');
        assert.equal(await storedHash(pageD, SHA), SHA, 'the restored profile holds the original bytes');
        step('a fresh profile restored the dispatcher\'s backup with the photo');
      } finally {
        await contextD.close();
      }

      // A third device set to download always ("Siempre"): one sync brings the bytes, before
      // any ticket is opened.
      const contextC = await browser.newContext({ locale: 'es-MX' });
      try {
        const pageC = await contextC.newPage();
        pageC.on('pageerror', (e) => errors.push(String(e)));
        await configure(pageC, app.url, couch.url);
        await pageC.selectOption('#sync-downloads', 'always');
        await eventually(async () => ((await pageC.locator('#sync-downloads-outcome').count())
          && (await pageC.locator('#sync-downloads-outcome').textContent()).includes('guardada')), 'download preference saved');
        await syncUntil(pageC, app.url, async () => (await storedHash(pageC, SHA)) === SHA,
          'C holds the photo without opening its ticket');
        step('C downloaded the photo in the background');
        await pageC.goto(`${app.url}/#/sincronizar`);
        await pageC.reload();
        await pageC.waitForSelector('#sync-downloads');
        await eventually(async () => !(await pageC.locator('#sync-downloads').isDisabled()), 'settings loaded');
        assert.equal(await pageC.locator('#sync-downloads').inputValue(), 'always', 'the preference stays on the device');
      } finally {
        await contextC.close();
      }
      assert.deepEqual(errors, []);
    } finally {
      await contextA.close();
      await contextB.close();
      await proxy.close();
      await couch.stop();
    }
  });

test('sync attachments: a download damaged on the way is never kept and one cut halfway is not taken for the file; both are fetched again',
  async ({ browser, page, app }) => {
    const couch = await startCouch();
    const proxy = await startFaultProxy(couch.url);
    const contextB = await browser.newContext({ locale: 'es-MX' });
    try {
      // B retries after 0.1 s (the first retry waits seconds in production).
      await contextB.addInitScript(() => { window.__mesaSyncBackoffMs = 100; });
      const pageB = await contextB.newPage();
      const errors = [];
      for (const p of [page, pageB]) p.on('pageerror', (e) => errors.push(String(e)));
      await configure(page, app.url, couch.url);
      await configure(pageB, app.url, proxy.url);
      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const number = await registerTicket(page, { customer: 'Minera Sur', user: 'Técnico de campo', description: 'Foto dañada en el camino' });
      await page.goto(`${app.url}/#/`);
      await page.locator('li.ticket .number', { hasText: number }).click();
      await page.waitForSelector('#attach-any', { state: 'attached' });
      await page.setInputFiles('#attach-any', { name: 'rack.png', mimeType: 'image/png', buffer: PNG });
      await page.waitForSelector('li.attachment[data-name="rack.png"][data-stored="yes"]');
      await syncUntil(page, app.url, async () => {
        const r = await fetch(`${couch.db}/blob-${SHA}/bytes`);
        return r.ok && Buffer.from(await r.arrayBuffer()).equals(PNG);
      }, 'the server holds the photo', 60_000);

      // B's first download of the bytes arrives damaged (same length), the second cut halfway.
      proxy.fail({ method: 'GET', path: BLOB, times: 1, fault: 'garble' });
      proxy.fail({ method: 'GET', path: BLOB, times: 1, fault: 'drop' });
      await syncUntil(pageB, app.url, async () => (await pageB.locator('li.ticket .number').allTextContents()).includes(number),
        'B sees the ticket');
      await pageB.locator('li.ticket .number', { hasText: number }).click();
      await pageB.waitForSelector('li.attachment[data-name="rack.png"][data-stored="yes"]', { timeout: 30_000 });
      const gets = proxy.log.filter((e) => e.method === 'GET' && BLOB.test(e.path)).map((e) => e.status);
      // Had the damaged or the cut bytes been taken for the file, no further download would
      // follow; each try reaches the server (a damaged answer kept in the browser's HTTP cache
      // would come back as 304 and be served again, damaged, on every try).
      assert.deepEqual(gets, ['garble', 'drop', 200], 'damaged, cut, then whole');
      assert.equal(await storedHash(pageB, SHA), SHA, 'B keeps the original bytes only');
      const thumb = pageB.locator('li.attachment[data-name="rack.png"] img.thumb');
      await thumb.scrollIntoViewIfNeeded(); // loaded lazily, as the person scrolls to it
      await eventually(() => thumb.evaluate((img) => img.complete && img.naturalWidth === 2), 'thumbnail decoded');
      assert.deepEqual(errors, []);
    } finally {
      await contextB.close();
      await proxy.close();
      await couch.stop();
    }
  });

test('sync attachments: a server that refuses the file as too large (413) is named; the file stays queued and goes later',
  async ({ page, app }) => {
    const couch = await startCouch();
    const proxy = await startFaultProxy(couch.url);
    try {
      await configure(page, app.url, proxy.url);
      const tooLarge = proxy.fail({ method: 'PUT', path: BLOB, fault: 'status', status: 413 });
      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const number = await registerTicket(page, { customer: 'Minera Sur', user: 'Técnico de campo', description: 'Foto pesada' });
      await page.goto(`${app.url}/#/`);
      await page.locator('li.ticket .number', { hasText: number }).click();
      await page.waitForSelector('#attach-any', { state: 'attached' });
      await page.setInputFiles('#attach-any', { name: 'rack.png', mimeType: 'image/png', buffer: PNG });
      const item = page.locator('li.attachment[data-name="rack.png"]');
      await page.waitForSelector('li.attachment[data-name="rack.png"][data-stored="yes"]');
      // The sync a few seconds after the save pushes the event; the upload is refused.
      await eventually(async () => (await item.locator('.attachment-transfer[data-state="failed"]').count()) === 1,
        'the refusal is shown on the file', 30_000);
      const text = await item.locator('.attachment-transfer').textContent();
      assert.match(text, /No se pudo subir: el servidor de sincronización rechaza archivos de este tamaño \(HTTP 413\)/);
      assert.match(text, /sigue en este dispositivo y en cola/);
      assert.equal(await item.getAttribute('data-stored'), 'yes', 'the file stays on the device');
      assert.ok(proxy.log.some((e) => e.method === 'PUT' && BLOB.test(e.path) && e.status === 413));

      // The server's limit raised: the next sync uploads it.
      tooLarge.times = 0;
      await syncUntil(page, app.url, async () => {
        const r = await fetch(`${couch.db}/blob-${SHA}/bytes`);
        return r.ok && Buffer.from(await r.arrayBuffer()).equals(PNG);
      }, 'the queued file reaches the server', 60_000);
    } finally {
      await proxy.close();
      await couch.stop();
    }
  });
