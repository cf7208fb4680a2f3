// A month of a desk as evidence in a penalty dispute (#20), on one pouchdb-server: two browser
// devices (the dispatcher's A and a technician's phone B) register tickets across last month (the
// test clock), `mesa agent` writes what fell due (the breaches); back at today's date the
// dispatcher downloads last month's report from «Informes» as a person does: its JSON ends with
// the month's evidence (every device's chain head and the Merkle root), and the native
// `mesa verify --url URL --db DB --report REPORT.json` passes against the endpoint.
//
// Then the agent mails the tickets' opening notifications (a local SMTP server) and records each
// mail as its own signed event. One of those records is changed directly in the endpoint before
// either device pulled it: after they sync, the ticket's page shows «Historial alterado» naming
// it on both devices, and `mesa verify` exits 1 naming it. (A device that already holds an event
// keeps its own copy when it pulls a changed one, journey 62: so the changed record is one that
// neither browser wrote or held.)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, assert, eventually } from './harness.mjs';
import { useProfile } from './profiles.mjs';
import { registerNew, openTicket, mark, duePass } from './desk.mjs';
import { startCouch, configure, syncUntil, outboxCount, serverDocs } from './couch.mjs';
import { deviceOf, wallOf } from './events.mjs';
import { mesaBinary, mesa, agentPass } from './mesa-cli.mjs';
import { startSmtp } from './smtp.mjs';

/** Moves a device's test clock to `offset` ms from the real time: now and on every later load. */
async function setClock(page, offset) {
  await page.context().addInitScript((o) => { window.__mesaTestClockOffset = o; }, offset);
  await page.evaluate((o) => { window.__mesaTestClockOffset = o; }, offset);
}

/** The mark once the check finished. */
const checked = (page) => eventually(async () => {
  const found = await mark(page);
  return found && found.state !== 'checking' ? found : null;
}, 'the history checked');

/** Clicks a download button of «Informes»; resolves the file's text, saved as `file`. */
async function download(page, button, file) {
  const [got] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  await got.saveAs(file);
  return readFile(file, 'utf8');
}

test('a month as evidence: two devices and the agent; the report\'s JSON verifies against the endpoint; a record changed there is named on both devices and by mesa verify',
  async ({ browser, page, app }) => {
    const bin = await mesaBinary();
    const couch = await startCouch();
    const smtp = await startSmtp();
    const dir = await mkdtemp(join(tmpdir(), 'mesa-month-'));
    const data = join(dir, 'agent');
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-MX' });
    try {
      const pageB = await phone.newPage();
      // Last month, at 11:00 in Mexico City (P4's zone) on the given day.
      const today = new Date();
      const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
      const month = `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
      const day = (d) => Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), d, 17) - Date.now();

      // Day 2: the dispatcher's device picks the process (P4, published to the desk) and syncs.
      await setClock(page, day(2));
      await useProfile(page, app.url, 'p4-callmyway');
      await configure(page, app.url, couch.url);
      await setClock(page, day(3));
      const t1 = await registerNew(page, app.url, {
        customer: 'Farmacias del Norte', user: 'Laura Gómez', description: 'Sin tono en la sucursal centro',
      }, { site: 'Monterrey Centro', correo: 'gerencia@farmacias.example' });
      await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'A pushed its first ticket');

      // Day 5: the technician's phone joins the desk and takes its process.
      await setClock(pageB, day(5));
      await pageB.goto(`${app.url}/#/`);
      await pageB.click('#join-desk');
      await configure(pageB, app.url, couch.url);
      await syncUntil(pageB, app.url, async () => (await pageB.locator('#process-changed').count()) === 1,
        'B is told the desk runs P4');
      await Promise.all([pageB.waitForEvent('load'), pageB.click('#process-changed button')]);
      await setClock(pageB, day(8));
      const t2 = await registerNew(pageB, app.url, {
        customer: 'Hotel Brisa', user: 'Recepción', description: 'Llamadas se cortan a los 30 segundos',
      }, { site: 'Saltillo', correo: 'soporte@hotelbrisa.example' });
      await syncUntil(pageB, app.url, async () => (await outboxCount(pageB)) === 0, 'B pushed');

      // Day 14 on A, day 20 on B: one more ticket each.
      await setClock(page, day(14));
      const t3 = await registerNew(page, app.url, {
        customer: 'Farmacias del Norte', user: 'Gerente de sucursal', description: 'No entra el correo de voz',
      }, { site: 'Monterrey Norte', correo: 'gerencia@farmacias.example' });
      await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0
        && (await page.locator('li.ticket .number', { hasText: t2 }).count()) === 1, 'A pushed and has B\'s ticket');
      await setClock(pageB, day(20));
      const t4 = await registerNew(pageB, app.url, {
        customer: 'Hotel Brisa', user: 'Gerencia', description: 'La centralita no arranca',
      }, { site: 'Saltillo', correo: 'soporte@hotelbrisa.example' });
      await syncUntil(pageB, app.url, async () => (await outboxCount(pageB)) === 0, 'B pushed its second ticket');

      // The agent, at today's date, writes what fell due since (the breaches of last month).
      const log = await agentPass(bin, couch, data);
      const appended = log.filter((l) => l.action === 'due_event');
      assert.ok(appended.length >= 1, `the agent appended due events: ${JSON.stringify(log)}`);
      const afterAgent = await serverDocs(couch);
      const breaches = afterAgent.filter((d) => d.kind === 'clock_breached');
      assert.ok(breaches.length >= 1, 'breaches at the endpoint');
      const monthEnd = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
      assert.ok(breaches.some((d) => wallOf(d) >= start.getTime() && wallOf(d) < monthEnd), 'a breach dated last month');

      // Both devices come back to today, run what fell due (the same events) and sync.
      for (const p of [pageB, page]) {
        await setClock(p, 0);
        await p.reload();
        await duePass(p);
        await syncUntil(p, app.url, async () => (await outboxCount(p)) === 0, 'pushed at today\'s date');
      }
      // A synced last: it holds what the endpoint holds.
      const endpoint = await serverDocs(couch);

      // Devices that signed: A and B published their keys last month.
      const publications = endpoint.filter((d) => d.kind === 'device_key_published');
      assert.equal(publications.length, 2, 'both devices published a key');
      const devices = publications.map((d) => d.payload.device).sort();

      // The month's report, as the dispatcher downloads it.
      await page.goto(`${app.url}/#/informes`);
      const picker = page.locator('#report-month');
      await picker.waitFor();
      await picker.fill(month);
      await eventually(async () => {
        const body = await page.locator('.report-body').textContent();
        return [t1, t2, t3, t4].every((n) => body.includes(n));
      }, 'the report lists the month\'s four tickets', 20_000);
      const reportFile = join(dir, `informe-${month}.json`);
      const report = JSON.parse(await download(page, '#report-export-json', reportFile));
      assert.equal(report.month, month);
      const evidence = report.evidence;
      assert.ok(evidence, 'the JSON carries the month\'s evidence');
      assert.equal(evidence.month, month);
      assert.match(evidence.root, /^[0-9a-f]{64}$/);
      assert.deepEqual(evidence.heads.map((h) => h.device).sort(), devices, 'a chain head for each device');
      const inMonth = endpoint.filter((d) => wallOf(d) >= Date.parse(evidence.period_start)
        && wallOf(d) < Date.parse(evidence.period_end));
      assert.equal(evidence.events, inMonth.length, 'the root covers every event of the month at the endpoint');
      for (const head of evidence.heads) {
        assert.ok(endpoint.some((d) => d._id === head.event && deviceOf(d) === head.device), `head ${head.event} at the endpoint`);
      }
      const csv = await download(page, '#report-export-summary', join(dir, 'resumen.csv'));
      assert.ok(csv.includes(evidence.root), 'the summary CSV ends with the same root');
      assert.ok(evidence.heads.every((h) => csv.includes(h.hash)), 'and the same heads');

      // The native check against the endpoint passes.
      const args = ['verify', '--url', couch.url, '--db', couch.name, '--report', reportFile];
      const ok = await mesa(bin, args);
      assert.equal(ok.code, 0, `mesa verify: ${ok.stdout}${ok.stderr}`);
      assert.match(ok.stdout, new RegExp(`report ${month}: ${evidence.events} events, root ${evidence.root} matches`));
      assert.match(ok.stdout, /ok: the history holds/);

      // The agent mails the opening notifications and records each mail, signed with its key.
      const mailLog = await agentPass(bin, couch, data,
        { extra: ['--smtp', `smtp://127.0.0.1:${smtp.port}`, '--smtp-from', 'Mesa <mesa@desk.example>'] });
      const mailed = mailLog.filter((l) => l.action === 'mailed');
      assert.ok(mailed.some((l) => l.ticket === t4), `the agent mailed the openings: ${JSON.stringify(mailLog)}`);
      assert.equal(smtp.messages.length, mailed.length, 'each mail reached the SMTP server');
      const withMail = await serverDocs(couch);
      const opened4 = withMail.find((d) => d.kind === 'opened' && d.payload.number === t4);
      const record = withMail.find((d) => d.kind === 'notification_sent' && d.ticket_id === opened4.ticket_id);
      assert.ok(record?.signature && record?.chain, 'the agent\'s record of the mail is signed and chained');
      assert.ok(!devices.includes(deviceOf(record)), 'written by the agent, not a browser');

      // Someone changes that record directly in the endpoint (which mail was sent).
      assert.ok(record.payload.message_id, 'the record names the mail');
      const altered = { ...record, payload: { ...record.payload, message_id: '<otro-correo@desk.example>' } };
      const put = await fetch(`${couch.db}/${encodeURIComponent(record._id)}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(altered),
      });
      assert.ok([201, 202].includes(put.status), `the document was changed in the endpoint (${put.status})`);

      // Both devices sync: the ticket's page names the changed record on each.
      for (const p of [page, pageB]) {
        await syncUntil(p, app.url, async () => {
          await openTicket(p, app.url, t4, '.evidence-mark');
          return (await checked(p)).state === 'broken';
        }, 'the changed record pulled and shown');
        const shown = await mark(p);
        assert.equal(shown.event, record._id, 'the changed record is named');
        assert.ok(shown.text.startsWith('Historial alterado: el evento'), shown.text);
        assert.ok(shown.text.includes('su firma ya no coincide con su contenido'), shown.text);
      }
      // A ticket whose events nobody changed is not flagged (its breaches, derived by every
      // device alike, are unsigned: «Sin firma»).
      await openTicket(page, app.url, t1, '.evidence-mark');
      assert.ok(['verified', 'unsigned'].includes((await checked(page)).state), 'the first ticket is not flagged');

      // And the native check names it.
      const bad = await mesa(bin, args);
      assert.equal(bad.code, 1, `mesa verify after the change: ${bad.stdout}`);
      assert.ok(bad.stderr.includes(`event ${record._id} `) && bad.stderr.includes('altered'), bad.stderr);
      assert.match(bad.stdout, new RegExp(`BROKEN .*${record._id}`));
    } finally {
      await phone.close().catch(() => {});
      await smtp.close();
      await couch.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
