// A browser tab and `mesa agent` both keep the clocks of one desk (issue #17): each computes the
// same due events on its own (the tab offline, the agent through the endpoint), and the endpoint
// ends with one event per due thing, because both derive an event's id from what made it due.
//
// Both reach the endpoint through the fault proxy: the agent's pass meets two 500s and a cut
// `_bulk_docs` answer (stored by the server, the answer lost) and a failing `_changes`; the tab's
// last push is cut too. Each retries; nothing is lost or doubled.
//
// The tab works two hours in the past (the test clock) to open a P3 ticket and put it in
// diagnosis; back at the real time its 20-minute diagnosis target is long breached. The agent has
// no test clock: it runs at the real time, the built `mesa` binary (`MESA_BIN`, or
// `$CARGO_TARGET_DIR/debug/mesa` that the test command builds).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act, registerAndOpen } from './profiles.mjs';
import { duePasses, duePass, goOffline } from './desk.mjs';
import { startCouch, configure, syncUntil, serverDocs } from './couch.mjs';
import { deviceOf } from './events.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { mesaBinary, agentPass } from './mesa-cli.mjs';

const TWO_HOURS = 2 * 3_600_000;

const dueIds = (docs) => docs.filter((d) => deviceOf(d) === 'mesa-due').map((d) => d._id).sort();
const outbox = async (page) => {
  const text = await page.locator('header .status').textContent();
  const found = text.match(/(\d+) por sincronizar/);
  return found ? Number(found[1]) : 0;
};

test('agent and browser: both run the due runner over one desk; the endpoint keeps one event per due thing',
  async ({ context, page, app }) => {
    const bin = await mesaBinary();
    const couch = await startCouch();
    const proxy = await startFaultProxy(couch.url);
    const data = await mkdtemp(join(tmpdir(), 'mesa-agent-'));
    try {
      // Every load of the app starts two hours in the past (until the test brings it back).
      await context.addInitScript((offset) => { window.__mesaTestClockOffset = offset; }, -TWO_HOURS);
      await useProfile(page, app.url, 'p3-cirion');
      await configure(page, app.url, proxy.url);

      await registerAndOpen(page, app.url, {
        request_kind: 'tecnico', customer: 'Banco Andino', site: 'Matriz Quito', contacto: 'Carla Mena',
        telefono: '+593 99 123 4567', description: 'Enlace caído en la matriz',
      });
      await page.waitForSelector('details.action[data-action="assign"]');
      const ticketUrl = page.url();
      await act(page, 'assign', { assignee: 'operador' });
      await page.waitForSelector('.actions p.saved');
      await act(page, 'move_stage', { stage: 'diagnostico' });
      await eventually(async () => (await page.locator('.ticket-head').textContent()).includes('Diagnóstico'),
        'in diagnosis');
      await syncUntil(page, app.url, async () => (await outbox(page)) === 0, 'the ticket reached the endpoint');
      const pushed = await serverDocs(couch);
      assert.ok(pushed.some((d) => d.kind === 'opened'), 'the endpoint holds the opening');
      assert.deepEqual(dueIds(pushed), [], 'nothing was due two hours ago');

      // The tab loses its connection and comes back to the real time: its due runner appends the
      // breach of the diagnosis target (and what the process does about it), kept in its outbox.
      await goOffline(page);
      const passes = await duePasses(page);
      await page.evaluate(() => { window.__mesaTestClockOffset = 0; });
      await duePass(page, passes);
      await page.goto(ticketUrl);
      await eventually(async () => (await page.locator('.timeline li[data-kind="clock_breached"]').count()) >= 1,
        'the tab appended the breach', 45_000);
      const waiting = await outbox(page);
      assert.ok(waiting >= 1, `the tab's due events wait in its outbox (${waiting})`);

      // Meanwhile the agent, at the endpoint, computes the same things on its own.
      const faults = [
        proxy.fail({ path: /_changes$/, times: 1, fault: 'status', status: 500 }),
        proxy.fail({ path: /_bulk_docs$/, times: 2, fault: 'status', status: 500 }),
        proxy.fail({ path: /_bulk_docs$/, times: 1, fault: 'drop' }),
      ];
      const log = await agentPass(bin, couch, data, { url: proxy.url });
      assert.deepEqual(faults.map((f) => f.times), [0, 0, 0], 'the agent met every fault');
      const appended = log.filter((l) => l.action === 'due_event');
      assert.ok(appended.length >= 1, `the agent appended due events: ${JSON.stringify(log)}`);
      const afterAgent = await serverDocs(couch);
      const agentDue = dueIds(afterAgent);
      assert.equal(agentDue.length, appended.length, 'the endpoint holds what the agent appended');
      assert.equal(waiting, agentDue.length, "the tab's outbox holds as many due events as the agent wrote");

      // The tab reconnects and pushes its own copies: the endpoint already has every one.
      await context.setOffline(false);
      const cut = proxy.fail({ path: /_bulk_docs$/, times: 1, fault: 'drop' });
      await syncUntil(page, app.url, async () => (await outbox(page)) === 0, 'the tab pushed its due events', 60_000);
      assert.equal(cut.times, 0, "the tab's push was cut once");
      const afterBoth = await serverDocs(couch);
      assert.deepEqual(afterBoth.map((d) => d._id).sort(), afterAgent.map((d) => d._id).sort(),
        'the tab pushed nothing the agent had not already written');
      assert.deepEqual(dueIds(afterBoth), agentDue, 'one event per due thing');
      const breaches = afterBoth.filter((d) => d.kind === 'clock_breached');
      assert.ok(breaches.length >= 1, 'the breach is at the endpoint');

      // The ticket shows each breach once, as the endpoint holds it.
      await page.goto(ticketUrl);
      await eventually(async () => (await page.locator('.timeline li[data-kind="clock_breached"]').count())
        === breaches.length, 'the timeline shows each breach once');

      // A second agent pass finds nothing new to write.
      const again = await agentPass(bin, couch, data, { url: proxy.url });
      assert.equal(again.filter((l) => l.action === 'due_event').length, 0, 'a second pass appends nothing');
      assert.equal((await serverDocs(couch)).length, afterBoth.length);
    } finally {
      await context.setOffline(false).catch(() => {});
      await proxy.close();
      await couch.stop();
      await rm(data, { recursive: true, force: true });
    }
  });
