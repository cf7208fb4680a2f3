// Two devices edit the same ticket while apart, through the real pouchdb-server: A (offline)
// registers a ticket and resolves one B also has; B (online) escalates that ticket. When A is
// back, both hold the same events and tickets, both show the conflict with both versions, and
// resolving it on one device (an event) clears it on the other after sync.
import { test, assert, eventually } from './harness.mjs';
import { registerTicket, openTicket, numbers, goOffline } from './desk.mjs';
import { act } from './profiles.mjs';
import { startCouch, configure, syncUntil, exportBackup, outboxCount, serverDocs } from './couch.mjs';

/** Opens `action`'s form and fills every field with something valid, then submits it. */
async function actAnyhow(page, action) {
  const box = page.locator(`details.action[data-action="${action}"]`);
  await box.locator('summary').click();
  await box.evaluate((el) => { el.open = true; });
  for (const input of await box.locator('input, textarea, select').all()) {
    const [tag, type] = await input.evaluate((el) => [el.tagName, el.type]);
    if (tag === 'SELECT') {
      const value = await input.evaluate((el) => [...el.options].map((o) => o.value).find((v) => v));
      if (value) await input.selectOption(value);
    } else if (type === 'number') {
      await input.fill('30');
    } else if (type === 'checkbox' || type === 'radio') {
      await input.check();
    } else if (type === 'datetime-local' || type === 'file' || type === 'hidden') {
      // left as they are
    } else {
      await input.fill(`${action}: hecho en prueba`);
    }
  }
  await box.locator('button[type=submit]').click();
}

async function localEvents(page, appUrl) {
  const backup = JSON.parse(await exportBackup(page, appUrl));
  return backup.events.map((e) => JSON.stringify(e)).sort();
}

test('sync conflict: resolved offline on A, escalated on B; both show it, resolving on one clears it on the other',
  async ({ browser, page, app }) => {
    const couch = await startCouch();
    const contextB = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX' });
    try {
      const pageB = await contextB.newPage();
      await configure(page, app.url, couch.url);
      await configure(pageB, app.url, couch.url);

      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const shared = await registerTicket(page, { customer: 'Clínica San Rafael', user: 'Rosa Díaz', description: 'Sin línea en urgencias' });
      await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'A pushed the ticket');
      await syncUntil(pageB, app.url, async () => (await numbers(pageB)).includes(shared), 'B has the ticket');

      // A, offline: a new ticket, and the shared one resolved.
      await goOffline(page);
      await page.goto(`${app.url}/#/nueva`);
      await page.waitForSelector('#customer');
      const offline = await registerTicket(page, { customer: 'Notaría 12', user: 'Luis Mora', description: 'La centralita no arranca' });
      await openTicket(page, app.url, shared);
      await page.waitForSelector('details.action[data-action="resolve"]');
      await act(page, 'resolve', {
        root_cause: 'Tarjeta de línea dañada', solution: 'Se cambió la tarjeta', affected_minutes: '45', confirmed_by: 'Rosa Díaz', category: 'red_cliente',
      });
      await eventually(async () => /Resuelta/.test(await page.locator('.ticket-page').textContent()), 'A resolved it');

      // B, online, later: escalates the same ticket, and pushes.
      await openTicket(pageB, app.url, shared);
      await pageB.waitForSelector('details.action[data-action="escalate"]');
      await actAnyhow(pageB, 'escalate');
      await eventually(async () => /Escalada/.test(await pageB.locator('.ticket-page').textContent()), 'B escalated it');
      await syncUntil(pageB, app.url, async () => (await outboxCount(pageB)) === 0, 'B pushed the escalation');

      // A comes back: push its offline work, pull B's; then B pulls A's.
      await page.context().setOffline(false);
      await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0
        && (await numbers(page)).includes(offline), 'A pushed its offline work');
      await syncUntil(page, app.url, async () => true, 'A pulled');
      await syncUntil(pageB, app.url, async () => (await numbers(pageB)).includes(offline), 'B has A\'s offline ticket');

      // Converged: the same events, the same tickets, the same conflict on both.
      const [eventsA, eventsB] = [await localEvents(page, app.url), await localEvents(pageB, app.url)];
      assert.deepEqual(eventsA, eventsB, 'both devices hold the same events');
      assert.equal(eventsA.length, (await serverDocs(couch)).length, 'and so does the server');
      await page.goto(`${app.url}/#/`);
      await pageB.goto(`${app.url}/#/`);
      await eventually(async () => JSON.stringify(await page.locator('li.ticket').allTextContents())
        === JSON.stringify(await pageB.locator('li.ticket').allTextContents()), 'the same queue on both');
      for (const p of [page, pageB]) {
        await openTicket(p, app.url, shared);
        const conflict = p.locator('section.conflicts li.conflict');
        await eventually(async () => (await conflict.count()) === 1, 'one conflict shown');
        const text = await conflict.textContent();
        assert.match(text, /Escalada|Escal/, 'B\'s version: the escalation');
        assert.match(text, /Resuelta/, 'A\'s version: the ticket was resolved when it arrived');
        assert.match(await p.locator('.ticket-page').textContent(), /Resuelta/);
      }

      // B resolves the conflict; A sees it cleared after syncing.
      const note = pageB.locator('section.conflicts textarea');
      await note.fill('Se mantiene resuelta; la escalada llegó tarde.');
      await pageB.locator('section.conflicts button[type=submit]').click();
      await eventually(async () => (await pageB.locator('section.conflicts').count()) === 0, 'cleared on B');
      await syncUntil(pageB, app.url, async () => (await outboxCount(pageB)) === 0, 'B pushed the resolution');
      await syncUntil(page, app.url, async () => {
        await openTicket(page, app.url, shared);
        return (await page.locator('section.conflicts').count()) === 0;
      }, 'cleared on A after sync');
      assert.deepEqual(await localEvents(page, app.url), await localEvents(pageB, app.url), 'still the same events');
    } finally {
      await contextB.close().catch(() => {});
      await couch.stop();
    }
  });
