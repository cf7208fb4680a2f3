// Attachments on the ticket page: a photo and a log stored offline with their events, listed
// (name, size, type, who/when, thumbnail), still there and openable after a reload; a file over
// the limit is refused before anything is written; a full disk is the store's specific error and
// loses nothing; a backup whose files are not on this device lists them as such; the backup ZIP
// holds the files (any unzip tool reads it) and a fresh profile restores the ticket with them.
import { test, assert, eventually } from './harness.mjs';
import { registerTicket } from './desk.mjs';
import { accessibilityViolations } from './a11y.mjs';
import { storedRecords } from './stored.mjs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const LOG = '2026-10-15 09:12 enlace caído en el router de la sede norte\n2026-10-15 09:13 reintento 1… sin respuesta\n';
const LIMIT = 10 * 1024 * 1024; // MAX_ATTACHMENT_BYTES (src/store/attachments.rs)

/** Registers a ticket and opens its page; its number. */
async function openNewTicket(page, url) {
  await page.goto(`${url}/#/nueva`);
  await page.waitForSelector('#customer');
  const number = await registerTicket(page, { customer: 'Minera Sur', user: 'Técnico de campo', description: 'Router sin enlace' });
  await page.goto(`${url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  await page.waitForSelector('#attach-file', { state: 'attached' });
  return number;
}

/** The `attachments` store's files and the names of the files the ticket events added. */
async function stored(page) {
  const { attachments, events } = await storedRecords(page, ['attachments', 'events']);
  return {
    // Since #16 a file's bytes are a record of their own, `blob-<sha256>`, shared by every
    // attachment of the same bytes.
    files: attachments.filter((f) => !f.id.startsWith('blob-')).map((f) => {
      const blob = f.blob ?? attachments.find((b) => b.id === `blob-${f.sha256}`)?.blob;
      return { name: f.name, mime: f.mime, size: f.size, bytes: blob ? blob.size : null };
    }),
    added: events.filter((e) => e.kind === 'attachment_added').map((e) => e.payload.name),
  };
}

const items = (page) => page.locator('li.attachment');


/** Keeps every text the backup's file progress (`#files-progress`) shows, in order. */
async function recordFilesProgress(page) {
  await page.evaluate(() => {
    window.__filesProgress = [];
    new MutationObserver(() => {
      const text = document.querySelector('#files-progress')?.textContent;
      const seen = window.__filesProgress;
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

const filesProgress = (page) => page.evaluate(() => window.__filesProgress);

test('attachments: photo and log stored, listed, openable after reload; over-limit refused; full disk loses nothing', async ({ page, app }) => {
  // Playwright turns file-chooser interception on without waiting for it: listen from the start,
  // long before the keyboard opens the chooser, so the native dialog is never raced.
  const choosers = [];
  page.on('filechooser', (c) => choosers.push(c));
  await openNewTicket(page, app.url);
  assert.equal(await page.locator('#attachments-none').count(), 1);

  // Labelled, for the camera or a log.
  const input = page.getByLabel('Adjuntar foto o registro');
  assert.equal(await input.getAttribute('id'), 'attach-file');
  assert.equal(await input.getAttribute('accept'), 'image/*,.txt,.log,.pdf');
  assert.equal(await input.getAttribute('capture'), 'environment');
  // On a phone `capture` opens the camera only: a second picker without it reaches logs and PDFs.
  const any = page.getByLabel('Elegir un archivo');
  assert.equal(await any.getAttribute('id'), 'attach-any');
  assert.equal(await any.getAttribute('accept'), 'image/*,.txt,.log,.pdf');
  assert.equal(await any.getAttribute('capture'), null);

  // A photo.
  await page.setInputFiles('#attach-file', { name: 'pantalla.png', mimeType: 'image/png', buffer: PNG });
  await page.waitForSelector('li.attachment[data-name="pantalla.png"][data-stored="yes"]');
  assert.match(await page.locator('.attach-saved').textContent(), /Adjunto guardado: pantalla\.png/);

  // A log, picked with the keyboard only: focus the control, press Enter, the file chooser opens.
  await any.focus();
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'attach-any');
  await page.keyboard.press('Enter');
  await eventually(() => choosers.length === 1, 'the file chooser opened from the keyboard');
  const chooser = choosers[0];
  assert.equal(await chooser.element().getAttribute('id'), 'attach-any');
  await chooser.setFiles({ name: 'router.log', mimeType: 'text/plain', buffer: Buffer.from(LOG) });
  await page.waitForSelector('li.attachment[data-name="router.log"][data-stored="yes"]');

  const check = async () => {
    assert.equal(await items(page).count(), 2);
    const png = page.locator('li.attachment[data-name="pantalla.png"]');
    const log = page.locator('li.attachment[data-name="router.log"]');
    assert.match(await png.locator('.attachment-size').textContent(), new RegExp(`^${PNG.length} B$`));
    assert.equal(await png.locator('.attachment-mime').textContent(), 'image/png');
    assert.equal(await log.locator('.attachment-mime').textContent(), 'text/plain');
    assert.match(await log.locator('.attachment-by').textContent(), /^operador, \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // A thumbnail for the image only, actually decoded.
    await eventually(() => png.locator('img.thumb').evaluate((img) => img.complete && img.naturalWidth === 1), 'thumbnail decoded');
    assert.equal(await log.locator('img.thumb').count(), 0);
    // The links open the stored bytes.
    assert.equal(await log.locator('a.attachment-download').getAttribute('download'), 'router.log');
    const text = await log.locator('a.attachment-open').evaluate(async (a) => (await fetch(a.href)).text());
    assert.equal(text, LOG);
    const bytes = await png.locator('a.attachment-open').evaluate(async (a) => (await (await fetch(a.href)).arrayBuffer()).byteLength);
    assert.equal(bytes, PNG.length);
  };
  await check();
  const before = await stored(page);
  assert.deepEqual(before.files.map((f) => f.name).sort(), ['pantalla.png', 'router.log']);
  assert.ok(before.files.every((f) => f.bytes === f.size), 'each file stored whole');
  assert.deepEqual(before.added.sort(), ['pantalla.png', 'router.log']);

  // Still there after a reload.
  await page.reload();
  await page.waitForSelector('li.attachment[data-name="router.log"][data-stored="yes"]');
  await check();

  // One byte over the limit: refused with the file and the limit named, nothing written.
  await page.setInputFiles('#attach-file', { name: 'video-corto.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(LIMIT + 1, 7) });
  const refused = await page.waitForSelector('.attach-refused');
  assert.match(await refused.textContent(), /«video-corto\.jpg» pesa 10,0 MB y supera el límite de 10,0 MB por archivo\. No se guardó/);
  assert.deepEqual(await stored(page), before);
  assert.equal(await items(page).count(), 2);

  // A full disk: the store's own message, nothing of the action written, nothing lost.
  await page.evaluate(() => { window.__mesaTestFailNextCommit = 'QuotaExceededError'; });
  await page.setInputFiles('#attach-file', { name: 'nota.txt', mimeType: 'text/plain', buffer: Buffer.from('hola') });
  const alert = await page.waitForSelector('.attachments .error[role=alert]');
  assert.match(await alert.textContent(), /El almacenamiento del navegador está lleno\. No se guardó esta acción; lo guardado antes está intacto/);
  assert.deepEqual(await stored(page), before);
  assert.equal(await items(page).count(), 2);
  // With space again, the same file is saved.
  await page.setInputFiles('#attach-file', { name: 'nota.txt', mimeType: 'text/plain', buffer: Buffer.from('hola') });
  await page.waitForSelector('li.attachment[data-name="nota.txt"][data-stored="yes"]');
  assert.equal((await stored(page)).files.length, 3);

  // Leaving the ticket revokes the object URLs made for it.
  const href = await page.locator('li.attachment[data-name="router.log"] a.attachment-open').getAttribute('href');
  assert.equal(await page.evaluate(async (u) => (await fetch(u)).text(), href), LOG);
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('li.ticket');
  const revoked = await page.evaluate(async (u) => { try { await fetch(u); return false; } catch { return true; } }, href);
  assert.ok(revoked, 'object URL revoked after leaving the ticket');
});

test('attachments: a backup lists files whose bytes are not on this device as such', async ({ page, app }) => {
  const ticket = '01M4XRDTK00000000000000077';
  const backup = {
    format: 'mesa-backup', version: 1, exported_at: '2026-10-16T12:00:00Z', device: 'tablet-7',
    events: [
      { id: ticket, ticket_id: ticket, hlc: '001792000060000-000000-tablet-7', actor: 'ana', kind: 'opened',
        payload: { number: '261015-00077', customer: 'Hotel Brisa', description: 'Sin tono' } },
      { id: '01M4XRDTK00000000000000078', ticket_id: ticket, hlc: '001792000120000-000000-tablet-7', actor: 'ana', kind: 'attachment_added',
        payload: { id: '01M4XRDTK0000000000000F001', name: 'foto-rack.jpg', mime: 'image/jpeg', size: 183_204 } },
    ],
    attachments: [{ id: '01M4XRDTK0000000000000F001', ticket_id: ticket, name: 'foto-rack.jpg', mime: 'image/jpeg', size: 183_204 }],
  };
  await page.goto(`${app.url}/#/datos`);
  await page.waitForSelector('#import-backup', { state: 'attached' });
  await page.setInputFiles('#import-backup', { name: 'respaldo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)) });
  await eventually(async () => /Eventos nuevos: 2;/.test(await page.locator('#import-result').textContent()), 'backup imported');
  await page.goto(`${app.url}/#/ticket/${ticket}`);
  const item = await page.waitForSelector('li.attachment[data-name="foto-rack.jpg"][data-stored="no"]');
  assert.match(await item.textContent(), /178,9 KB/);
  assert.match(await item.textContent(), /El archivo no está en este dispositivo/);
  assert.equal(await page.locator('li.attachment a').count(), 0, 'no link to a file that is not here');
  assert.equal(await page.locator('.ticket-page .error').count(), 0);
});

/** Runs a Python script with `args` (zipfile: a real unzip tool) and returns its output. */
function python(script, ...args) {
  return execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
}

test('attachments: the backup ZIP holds the files; a fresh profile restores the ticket and opens them', async ({ browser, page, app }) => {
  const number = await openNewTicket(page, app.url);
  await page.setInputFiles('#attach-file', { name: 'pantalla.png', mimeType: 'image/png', buffer: PNG });
  await page.waitForSelector('li.attachment[data-name="pantalla.png"][data-stored="yes"]');
  await page.setInputFiles('#attach-any', { name: 'router.log', mimeType: 'text/plain', buffer: Buffer.from(LOG) });
  await page.waitForSelector('li.attachment[data-name="router.log"][data-stored="yes"]');
  const ticketUrl = page.url();

  await page.goto(`${app.url}/#/datos`);
  await page.waitForSelector('#export-backup');
  await recordFilesProgress(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-backup')]);
  assert.match(download.suggestedFilename(), /^mesa-respaldo-\d{8}-\d{4}\.zip$/);
  const result = await page.waitForSelector('#export-result');
  assert.match(await result.textContent(), /Archivos adjuntos incluidos: 2\./);
  // The files' progress was shown as they were packed.
  assert.deepEqual(await filesProgress(page), [
    'Preparando los archivos adjuntos del respaldo… 0 de 2.',
    'Preparando los archivos adjuntos del respaldo… 1 de 2.',
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'mesa-backup-'));
  const zipPath = join(dir, 'respaldo.zip');
  await download.saveAs(zipPath);

  // Any unzip tool opens it: Python's zipfile checks every CRC-32 and reads the names and bytes.
  const listing = JSON.parse(python(`
import sys, zipfile, hashlib, json
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}))`, zipPath));
  const sha = (b) => createHash('sha256').update(b).digest('hex');
  assert.deepEqual(Object.keys(listing).sort(), ['backup.json', `files/${sha(PNG)}/pantalla.png`, `files/${sha(Buffer.from(LOG))}/router.log`].sort());
  for (const [name, hash] of Object.entries(listing)) {
    if (name !== 'backup.json') assert.equal(hash, name.split('/')[1], `${name} holds the bytes its name says`);
  }
  const backup = JSON.parse(python('import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("backup.json").decode())', zipPath));
  assert.equal(backup.format, 'mesa-backup');
  assert.deepEqual(backup.attachments.map((a) => [a.name, a.sha256, a.file]).sort(), [
    ['pantalla.png', sha(PNG), `files/${sha(PNG)}/pantalla.png`],
    ['router.log', sha(Buffer.from(LOG)), `files/${sha(Buffer.from(LOG))}/router.log`],
  ]);

  // The same ZIP with the photo's bytes swapped (CRC-32 recomputed: only the SHA-256 tells),
  // and one with a byte flipped (the CRC-32 tells).
  const swapped = join(dir, 'swapped.zip');
  python(`
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_STORED) as out:
    for i in src.infolist():
        data = src.read(i)
        if i.filename.endswith('pantalla.png'):
            data = data[:-1] + bytes([data[-1] ^ 1])
        out.writestr(i, data)`, zipPath, swapped);
  const zipBytes = readFileSync(zipPath);
  const flipped = Buffer.from(zipBytes);
  flipped[zipBytes.indexOf(Buffer.from(LOG)) + 3] ^= 0x20;

  // Another device (a fresh browser profile) restores it from the Datos page.
  const other = await browser.newContext({ locale: 'es-MX' });
  try {
    const tab = await other.newPage();
    await tab.goto(`${app.url}/#/datos`);
    await tab.waitForSelector('#import-backup', { state: 'attached' });
    assert.match(await tab.locator('#import-backup').getAttribute('accept'), /\.zip/);

    // A damaged archive: its own message, nothing written.
    await tab.setInputFiles('#import-backup', { name: 'dañado.zip', mimeType: 'application/zip', buffer: flipped });
    const error = await tab.waitForSelector('#import-error');
    assert.match(await error.textContent(), /No se importó «dañado\.zip»:.*El ZIP está dañado: el contenido de «files\/[0-9a-f]{64}\/router\.log» no coincide con su CRC-32\..*No se cambió nada\./s);
    assert.deepEqual(await accessibilityViolations(tab), [], 'the refusal, as axe-core sees it');
    await tab.setInputFiles('#import-backup', { name: 'cortado.zip', mimeType: 'application/zip', buffer: zipBytes.subarray(0, zipBytes.length - 40) });
    await eventually(async () => /El ZIP está incompleto/.test(await tab.locator('#import-error').textContent()), 'a cut ZIP named');

    await recordFilesProgress(tab);
    await tab.setInputFiles('#import-backup', { name: 'respaldo.zip', mimeType: 'application/zip', buffer: zipBytes });
    const added = new RegExp(`Eventos nuevos: ${backup.events.length};`);
    await eventually(async () => added.test(await tab.locator('#import-result').textContent()), 'backup imported');
    assert.match(await tab.locator('#import-files').textContent(), /Nuevos: 2; ya estaban: 0/);
    // Every file checked before anything was written, then stored, each step shown.
    const told = await filesProgress(tab);
    assert.deepEqual(told.filter((t) => t.startsWith('Comprobando')).map((t) => t.match(/\d de 2/)[0]), ['0 de 2', '1 de 2']);
    assert.deepEqual(told.filter((t) => t.startsWith('Guardando')).map((t) => t.match(/\d de 2/)[0]), ['0 de 2', '1 de 2']);
    assert.ok(told.findIndex((t) => t.startsWith('Guardando')) > told.findLastIndex((t) => t.startsWith('Comprobando')),
      `checked before stored: ${JSON.stringify(told)}`);

    // The ticket and its files, opened on this profile.
    await tab.goto(`${app.url}/${ticketUrl.slice(ticketUrl.indexOf('#'))}`);
    const png = tab.locator('li.attachment[data-name="pantalla.png"][data-stored="yes"]');
    await png.waitFor();
    await eventually(() => png.locator('img.thumb').evaluate((img) => img.complete && img.naturalWidth === 1), 'thumbnail decoded');
    const bytes = async (item) => Buffer.from(await item.locator('a.attachment-open').evaluate(async (a) => [...new Uint8Array(await (await fetch(a.href)).arrayBuffer())]));
    assert.equal(sha(await bytes(png)), sha(PNG), 'the photo, byte for byte');
    const log = tab.locator('li.attachment[data-name="router.log"][data-stored="yes"]');
    assert.equal((await bytes(log)).toString('utf8'), LOG);

    // Twice: nothing new. The swapped one: the photo is named and not kept, nothing else moves.
    await tab.goto(`${app.url}/#/datos`);
    await tab.waitForSelector('#import-backup', { state: 'attached' });
    await tab.setInputFiles('#import-backup', { name: 'respaldo.zip', mimeType: 'application/zip', buffer: zipBytes });
    await eventually(async () => /Nuevos: 0; ya estaban: 2/.test(await tab.locator('#import-files').textContent().catch(() => '')), 'imported again');
    assert.match(await tab.locator('#import-result').textContent(), /Eventos nuevos: 0;/);
    await tab.setInputFiles('#import-backup', { name: 'otro.zip', mimeType: 'application/zip', buffer: readFileSync(swapped) });
    await tab.waitForSelector('#import-refused');
    assert.match(await tab.locator('#import-result').textContent(), /Eventos nuevos: 0;/);
    assert.match(await tab.locator('#import-files').textContent(), /Nuevos: 0; ya estaban: 1/);
    assert.equal(
      (await tab.locator('#import-refused').textContent()).trim(),
      `No se guardó «pantalla.png» (incidencia ${number}): su contenido no coincide con su huella SHA-256; el archivo está dañado en el respaldo.`,
    );
    assert.deepEqual(await accessibilityViolations(tab), [], 'the import\'s messages, as axe-core sees them');
    await tab.goto(`${app.url}/${ticketUrl.slice(ticketUrl.indexOf('#'))}`);
    await png.waitFor();
    assert.equal(sha(await bytes(png)), sha(PNG), 'the good photo is still the one kept');
  } finally {
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('attachments: the per-file limit is the desk\'s, set in Ajustes', async ({ page, app }) => {
  await page.goto(`${app.url}/#/ajustes`);
  await page.waitForSelector('#attachment-limit:not([disabled])');
  assert.equal(await page.inputValue('#attachment-limit'), '10', '10 MB where the desk set none');
  // A limit out of range is named by its label, nothing saved.
  await page.fill('#attachment-limit', '0');
  await page.click('#save-desk');
  await eventually(async () => (await page.locator('#attachment-limit-problem').textContent())
    === 'Tamaño máximo por adjunto (MB): debe estar entre 1 y 100.', 'the range named');
  await page.fill('#attachment-limit', '1');
  await page.click('#save-desk');
  await page.waitForSelector('.settings-saved');
  assert.equal(await page.locator('#attachment-limit-problem').textContent(), '');

  // A 1.5 MB photo is over the desk's 1 MB: refused with that limit, nothing written.
  await openNewTicket(page, app.url);
  assert.match(await page.locator('#attach-help').textContent(), /1,0 MB/);
  await page.setInputFiles('#attach-file', { name: 'foto-grande.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(1536 * 1024, 7) });
  const refused = await page.waitForSelector('.attach-refused');
  assert.match(await refused.textContent(), /«foto-grande\.jpg» pesa 1,5 MB y supera el límite de 1,0 MB por archivo/);
  assert.equal(await page.locator('li.attachment').count(), 0);
});

test('attachments: a camera photo is reduced to 1600 pixels before saving, or kept whole', async ({ page, app }) => {
  await openNewTicket(page, app.url);
  // A 2000×1500 picture, drawn by the browser (a gradient, so it is a real photo to decode).
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 2000; canvas.height = 1500;
    const g = canvas.getContext('2d');
    const fill = g.createLinearGradient(0, 0, 2000, 1500);
    fill.addColorStop(0, '#336'); fill.addColorStop(1, '#c93');
    g.fillStyle = fill; g.fillRect(0, 0, 2000, 1500);
    const blob = await new Promise((r) => canvas.toBlob(r, 'image/jpeg', 0.9));
    const url = await new Promise((r) => { const f = new FileReader(); f.onload = () => r(f.result); f.readAsDataURL(blob); });
    return url.slice(url.indexOf(',') + 1);
  });
  const photo = { name: 'foto-rack.jpeg', mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
  assert.ok(await page.isChecked('#attach-reduce'), 'reduction is on by default');
  await page.setInputFiles('#attach-file', photo);
  const reduced = page.locator('li.attachment[data-name="foto-rack.jpg"][data-stored="yes"]');
  await reduced.waitFor();
  const size = async (item) => page.evaluate(async (u) => {
    const b = await createImageBitmap(await (await fetch(u)).blob());
    return [b.width, b.height];
  }, await item.locator('a.attachment-open').getAttribute('href'));
  assert.deepEqual(await size(reduced), [1600, 1200], 'the long side is 1600 pixels, in proportion');

  // Unticked: the original is kept as it came.
  await page.uncheck('#attach-reduce');
  await page.setInputFiles('#attach-file', photo);
  const whole = page.locator('li.attachment[data-name="foto-rack.jpeg"][data-stored="yes"]');
  await whole.waitFor();
  assert.deepEqual(await size(whole), [2000, 1500]);
});
