// Signed history (#20): a ticket registered in the browser shows «Historial verificado»; the
// events on the CouchDB-API server (an `_all_docs?include_docs=true` answer, as saved to a file)
// pass the native `mesa verify`; one byte of one event's payload changed directly in the
// endpoint fails it, naming the event, and a second device that syncs afterwards shows the
// ticket's history as altered, naming the event.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, assert, eventually } from './harness.mjs';
import { registerNew, openTicket, mark } from './desk.mjs';
import { startCouch, configure, syncUntil, outboxCount } from './couch.mjs';
import { mesaBinary, mesa } from './mesa-cli.mjs';

/** Runs `mesa verify --events FILE` on `text`; resolves { code, stdout, stderr }. */
async function mesaVerify(bin, text) {
  const dir = await mkdtemp(join(tmpdir(), 'mesa-verify-'));
  const file = join(dir, 'all_docs.json');
  await writeFile(file, text);
  try {
    return await mesa(bin, ['verify', '--events', file]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('signed history: verified in the browser and by mesa verify; a byte changed in the endpoint shows where', async ({ browser, page, app }) => {
  const bin = await mesaBinary();
  const couch = await startCouch();
  const contextB = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX' });
  try {
    const pageB = await contextB.newPage();
    await configure(page, app.url, couch.url);

    // A registers a ticket: its page says the history is verified.
    const number = await registerNew(page, app.url, { customer: 'Farmacias del Norte', user: 'Laura Gómez', description: 'Sin tono en la sede norte' });
    await openTicket(page, app.url, number, '.evidence-mark');
    await eventually(async () => (await mark(page))?.state === 'verified', 'A: the history is verified');
    assert.equal((await mark(page)).text, 'Historial verificado');

    // Pushed: the endpoint's export verifies with the native CLI.
    await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'A pushed the ticket');
    const exported = await (await fetch(`${couch.db}/_all_docs?include_docs=true`)).text();
    const docs = JSON.parse(exported).rows.map((r) => r.doc);
    const publication = docs.find((d) => d.kind === 'device_key_published');
    assert.ok(publication, 'the device published its key');
    const written = docs.filter((d) => String(d.hlc).endsWith(publication.payload.device));
    assert.ok(written.length >= 3, 'the publication, the opening and its message');
    assert.ok(written.every((d) => d.signature && d.chain), 'every event A wrote is signed and chained');
    const ok = await mesaVerify(bin, exported);
    assert.equal(ok.code, 0, `mesa verify: ${ok.stdout}${ok.stderr}`);
    assert.match(ok.stdout, /ok: the history holds/);

    // One byte of the opening's payload changed directly in the endpoint.
    const opened = docs.find((d) => d.kind === 'opened');
    assert.ok(opened.payload.description.includes('norte'));
    const altered = { ...opened, payload: { ...opened.payload, description: opened.payload.description.replace('norte', 'norta') } };
    const put = await fetch(`${couch.db}/${encodeURIComponent(opened._id)}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(altered),
    });
    assert.ok([201, 202].includes(put.status), `the document was changed in the endpoint (${put.status})`);
    const bad = await mesaVerify(bin, await (await fetch(`${couch.db}/_all_docs?include_docs=true`)).text());
    assert.equal(bad.code, 1, `mesa verify after the change: ${bad.stdout}`);
    assert.ok(bad.stderr.includes(`event ${opened._id} `) && bad.stderr.includes('altered'), bad.stderr);

    // B joins afterwards and pulls the changed document: its ticket page names the event.
    await configure(pageB, app.url, couch.url);
    await syncUntil(pageB, app.url, async () => (await pageB.locator('li.ticket .number', { hasText: number }).count()) === 1,
      'B has the ticket');
    await openTicket(pageB, app.url, number, '.evidence-mark');
    await eventually(async () => (await mark(pageB))?.state === 'broken', 'B: the history is shown altered');
    const shown = await mark(pageB);
    assert.equal(shown.event, opened._id, 'the altered event is named');
    assert.ok(shown.text.startsWith('Historial alterado: el evento'), shown.text);
    assert.ok(shown.text.includes('su firma ya no coincide con su contenido'), shown.text);
    // A still holds what it wrote.
    await openTicket(page, app.url, number, '.evidence-mark');
    await eventually(async () => (await mark(page))?.state === 'verified', 'A: its copy still verifies');
  } finally {
    await contextB.close().catch(() => {});
    await couch.stop();
  }
});
