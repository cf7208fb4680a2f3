// A document the endpoint refuses (the real pouchdb-server runs a validate_doc_update that
// throws `forbidden`) blocks neither the rest of the push nor the pull: the refused event stays
// in the outbox, the Sincronizar page shows it with the endpoint's reason (also after a
// reload), and it goes through once the endpoint accepts it.
import { test, assert, eventually } from './harness.mjs';
import { registerTicket } from './desk.mjs';
import { makeEvents, docsOf } from './events.mjs';
import { startCouch, configure, syncUntil, outboxCount, serverDocs } from './couch.mjs';

const REASON = 'Este cliente no está dado de alta en la sede';

test('sync rejection: a refused event waits in the outbox with its reason; the rest syncs', async ({ page, app }) => {
  const couch = await startCouch();
  try {
    const json = { 'content-type': 'application/json', ...couch.headers };
    const guard = await fetch(`${couch.db}/_design/guard`, {
      method: 'PUT', headers: json,
      body: JSON.stringify({
        validate_doc_update: `function (doc) {
          if (doc.payload && doc.payload.customer === 'Cliente Vetado') throw({ forbidden: '${REASON}' });
        }`,
      }),
    });
    assert.ok([201, 202].includes(guard.status), `the guard is in place (${guard.status})`);
    const theirs = makeEvents(8, { device: 'otro-1', perTicket: 4 });
    assert.ok([201, 202].includes((await fetch(`${couch.db}/_bulk_docs`, {
      method: 'POST', headers: json, body: JSON.stringify({ docs: docsOf(theirs) }),
    })).status), 'seeded');

    await configure(page, app.url, couch.url);
    await page.goto(`${app.url}/#/nueva`);
    await page.waitForSelector('#customer');
    const vetoed = await registerTicket(page, { customer: 'Cliente Vetado', user: 'Ana', description: 'Sin tono' });
    await page.goto(`${app.url}/#/nueva`);
    await page.waitForSelector('#customer');
    const fine = await registerTicket(page, { customer: 'Hotel Brisa', user: 'Pedro', description: 'Llamadas se cortan' });

    // The sync ends without an error: the other ticket went up, the other device's came down.
    await syncUntil(page, app.url, async () => (await page.locator('li.ticket').count()) === 4,
      'the pull was not blocked');
    assert.equal(await outboxCount(page), 1, 'only the refused event waits');
    const ids = (await serverDocs(couch)).map((d) => d.payload?.number).filter(Boolean);
    assert.ok(ids.includes(fine) && !ids.includes(vetoed), `the server has ${fine} and not ${vetoed}`);

    const shown = async () => {
      await page.goto(`${app.url}/#/sincronizar`);
      await page.waitForSelector('#sync-now');
      return eventually(async () => {
        const n = await page.locator('#sync-rejected li').count();
        return n === 1 && page.locator('#sync-rejected').textContent();
      }, 'the refused event is listed', 15_000);
    };
    const text = await shown();
    assert.match(text, /rechazó 1 evento/);
    assert.match(text, new RegExp(`forbidden: ${REASON}`));
    await page.reload();
    assert.match(await shown(), new RegExp(REASON), 'still listed after a reload');

    // The endpoint changes its rule: the next sync delivers it.
    const rev = (await (await fetch(`${couch.db}/_design/guard`, { headers: couch.headers })).json())._rev;
    assert.ok([200, 202].includes((await fetch(`${couch.db}/_design/guard?rev=${rev}`,
      { method: 'DELETE', headers: couch.headers })).status), 'the guard removed');
    await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'the refused event went through');
    await page.goto(`${app.url}/#/sincronizar`);
    await page.waitForSelector('#sync-now');
    await eventually(async () => (await page.locator('#sync-rejected').count()) === 0, 'nothing refused any more');
    assert.ok((await serverDocs(couch)).some((d) => d.payload?.number === vetoed));
  } finally {
    await couch.stop();
  }
});
