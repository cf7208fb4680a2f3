// A crash in the middle of an import: the tab is closed while a 1,000-event backup is being
// written. What is stored afterwards is exactly some whole batches of events (whole tickets),
// everything the page acknowledged is there; the import writes its events first and derives
// the projections after (#21), so the reopened app folds the stored events at its open and
// shows each ticket as its events say. Importing the same file again finishes the job (and a
// third time adds nothing).
import { test, assert, eventually } from './harness.mjs';
import { storedRecords } from './stored.mjs';

const TICKETS = 200;
const PER_TICKET = 5;
const TOTAL = TICKETS * PER_TICKET;
/** The store's IMPORT_BATCH (src/store/mod.rs): about this many events per transaction. */
const IMPORT_BATCH = 100;
const BASE_MS = 1_792_000_000_000; // 2026-10-15

const hlc = (ms) => `${String(ms).padStart(15, '0')}-000000-e2e`;
const eventId = (t, k) => `01M4XRDTK${String(t).padStart(12, '0')}${String(k).padStart(5, '0')}`;
const assigneeOf = (t) => `tecnico-${t % 7}`;

/** 200 tickets × 5 events (opened, assigned, a note, a level change, an update to the customer),
 * interleaved in time the way a real device's log is, in clock order like an export. */
export function bigBackup() {
  const events = [];
  for (let t = 1; t <= TICKETS; t += 1) {
    const opened = BASE_MS + t * 60_000;
    const ticket = eventId(t, 0);
    const at = (k, minutes) => ({ id: eventId(t, k), ticket_id: ticket, hlc: hlc(opened + minutes * 60_000), actor: 'ana' });
    events.push(
      { ...at(0, 0), kind: 'opened', payload: { number: `261015-${String(t).padStart(5, '0')}`, customer: `Cliente ${t}`, description: `Falla ${t}` } },
      { ...at(1, 7), kind: 'assigned', payload: { assignee: assigneeOf(t) } },
      { ...at(2, 19), kind: 'commented', payload: { text: `Revisando ${t}`, customer_visible: false } },
      { ...at(3, 41), kind: 'level_changed', payload: { level: 2, reason: 'Requiere especialista' } },
      { ...at(4, 73), kind: 'commented', payload: { text: `Avance ${t}`, customer_visible: true } },
    );
  }
  events.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : 1));
  return { format: 'mesa-backup', version: 1, exported_at: '2026-10-16T12:00:00Z', device: 'e2e', events, attachments: [] };
}

/** The store's batching rule (src/domain/import_batches.rs): whole tickets in order of first
 * appearance, packed greedily up to IMPORT_BATCH events. Returns the batches' ticket ids. */
function plannedBatches(events) {
  const order = [];
  const size = new Map();
  for (const e of events) {
    if (!size.has(e.ticket_id)) { order.push(e.ticket_id); size.set(e.ticket_id, 0); }
    size.set(e.ticket_id, size.get(e.ticket_id) + 1);
  }
  const batches = [];
  let current = [];
  let n = 0;
  for (const t of order) {
    if (current.length && n + size.get(t) > IMPORT_BATCH) { batches.push(current); current = []; n = 0; }
    current.push(t);
    n += size.get(t);
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Everything in the app's database, read directly with indexedDB (not through the app). */
async function readDatabase(page) {
  const out = await storedRecords(page, ['events', 'tickets']);
  return {
    events: out.events.map((e) => ({ id: e.id, ticket_id: e.ticket_id, seq: e.seq })),
    tickets: out.tickets.map((t) => ({ id: t.id, event_count: t.event_count, assignee: t.assignee, level: t.level, customer: t.customer, status: t.status })),
    // The outbox is the events marked pending (src/store/outbox.rs).
    outbox: out.events.filter((e) => e.pending != null).length,
  };
}

const file = (backup) => ({ name: 'respaldo-grande.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup, null, 2)) });

test('crash mid-import: only whole committed batches, every ticket consistent, re-import finishes', async ({ context, page, app }) => {
  const backup = bigBackup();
  assert.equal(backup.events.length, TOTAL);
  const batches = plannedBatches(backup.events);
  const boundaries = [0];
  for (const b of batches) boundaries.push(boundaries.at(-1) + b.length * PER_TICKET);
  const expectedIds = new Map();
  for (const e of backup.events) {
    if (!expectedIds.has(e.ticket_id)) expectedIds.set(e.ticket_id, []);
    expectedIds.get(e.ticket_id).push(e.id);
  }

  await page.goto(`${app.url}/#/datos`);
  await page.waitForSelector('#import-backup', { state: 'attached' });
  // A field phone, not a desk: the renderer's CPU slowed tenfold (Chromium's own throttling), so
  // the import of 1,000 events is still running when the tab goes, as on a real device.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
  const started = Date.now();
  await page.setInputFiles('#import-backup', file(backup));
  // The first batch has committed and the page says so: close the tab at once, no unload
  // handlers, without waiting for the rest of the import.
  const progress = await page.waitForSelector('#import-progress', { state: 'attached', timeout: 20_000 });
  const acknowledged = Number(await progress.getAttribute('data-done'));
  const firstBatchMs = Date.now() - started;
  await page.close({ runBeforeUnload: false });
  assert.ok(acknowledged > 0 && acknowledged < TOTAL, `acknowledged ${acknowledged}`);

  // A new tab on the same browser profile.
  const again = await context.newPage();
  const errors = [];
  again.on('pageerror', (e) => errors.push(String(e)));
  await again.goto(`${app.url}/#/`);
  await again.waitForSelector('#language');
  // Events only: the open may be folding them into projections meanwhile (it writes no event).
  let db = await readDatabase(again);
  const stored = db.events.length;
  console.log(`  first batch acknowledged after ${firstBatchMs} ms (${acknowledged} events); ${stored} of ${TOTAL} stored after the close`);

  // Exactly a prefix of whole batches: never a partial one, nothing acknowledged lost.
  const committed = boundaries.indexOf(stored);
  assert.ok(committed > 0, `stored ${stored} is not a batch boundary (${boundaries.join(', ')})`);
  assert.ok(stored >= acknowledged, `acknowledged ${acknowledged} but only ${stored} stored`);
  assert.ok(stored < TOTAL, 'the close interrupted the import (it had not finished)');
  const wholeTickets = new Set(batches.slice(0, committed).flat());
  assert.equal(db.outbox, stored, 'every stored event is in the outbox (same transaction)');
  assert.equal(new Set(db.events.map((e) => e.seq)).size, stored, 'unique sequence numbers');

  // The open folds the imported events: the queue lists every whole ticket, and then the
  // projection rows are there.
  await eventually(async () => (await again.locator('.count[role=status]').textContent().catch(() => '')).trim() === `${wholeTickets.size} incidencias`,
    'the reopened queue lists every ticket of the committed batches');
  db = await readDatabase(again);
  assert.equal(db.events.length, stored, 'the open wrote no event');

  // Every ticket whole: its projection row and all five of its events, or nothing at all.
  const byTicket = new Map();
  for (const e of db.events) {
    if (!byTicket.has(e.ticket_id)) byTicket.set(e.ticket_id, []);
    byTicket.get(e.ticket_id).push(e.id);
  }
  assert.deepEqual(new Set(byTicket.keys()), wholeTickets, 'the tickets stored are those of the committed batches');
  assert.deepEqual(new Set(db.tickets.map((t) => t.id)), wholeTickets, 'a projection row for exactly those tickets');
  for (const [ticket, ids] of byTicket) {
    assert.deepEqual(ids.sort(), [...expectedIds.get(ticket)].sort(), `all events of ${ticket}`);
  }
  for (const row of db.tickets) {
    const t = Number(row.id.slice(9, 21));
    // What the five events fold to.
    assert.deepEqual(
      { event_count: row.event_count, assignee: row.assignee, level: row.level, customer: row.customer },
      { event_count: PER_TICKET, assignee: assigneeOf(t), level: 2, customer: `Cliente ${t}` },
      `projection of ticket ${t}`,
    );
  }

  // The app opened cleanly on what is there.
  await eventually(async () => (await again.locator('li.ticket').count()) > 0, 'the queue lists the imported tickets');
  assert.equal(await again.locator('[role=alert], .error').count(), 0, 'no error banner');
  assert.deepEqual(errors, []);

  // Importing the same file again finishes the job…
  await again.goto(`${app.url}/#/datos`);
  await again.waitForSelector('#import-backup', { state: 'attached' });
  const t0 = Date.now();
  await again.setInputFiles('#import-backup', file(backup));
  await eventually(async () => (await again.locator('#import-result').textContent())
    .includes(`Eventos nuevos: ${TOTAL - stored}; ya estaban: ${stored}`), 'the second import adds the rest', 60_000);
  console.log(`  re-import of the remaining ${TOTAL - stored} events: ${Date.now() - t0} ms`);
  const full = await readDatabase(again);
  assert.equal(full.events.length, TOTAL);
  assert.equal(full.tickets.length, TICKETS);
  assert.equal(full.outbox, TOTAL);
  assert.ok(full.tickets.every((r) => r.event_count === PER_TICKET), 'every ticket folded from its five events');

  // …and once more adds nothing.
  await again.setInputFiles('#import-backup', file(backup));
  await eventually(async () => (await again.locator('#import-result').textContent())
    .includes(`Eventos nuevos: 0; ya estaban: ${TOTAL}`), 'the third import adds nothing', 60_000);
  assert.equal((await readDatabase(again)).events.length, TOTAL);
  await again.goto(`${app.url}/#/`);
  // The queue is windowed (only the rows in view are in the DOM): its count says how many.
  await eventually(async () => (await again.locator('.count[role=status]').textContent()).trim() === `${TICKETS} incidencias`, 'all 200 tickets in the queue');
});

test('leaving #/datos during an import: no error, the import finishes in the background', async ({ page, app }) => {
  const backup = bigBackup();
  await page.goto(`${app.url}/#/datos`);
  await page.waitForSelector('#import-backup', { state: 'attached' });
  await page.setInputFiles('#import-backup', file(backup));
  await page.waitForSelector('#import-progress', { state: 'attached', timeout: 20_000 });
  await page.goto(`${app.url}/#/`);
  await eventually(async () => (await page.locator('.count[role=status]').textContent()).trim() === `${TICKETS} incidencias`,
    'all 200 tickets once the import finished', 60_000);
  const db = await readDatabase(page);
  assert.equal(db.events.length, TOTAL);
  assert.equal(await page.locator('[role=alert], .error').count(), 0, 'no error banner');
});
