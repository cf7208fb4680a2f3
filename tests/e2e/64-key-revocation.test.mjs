// A lost device's key revoked from Ajustes (#20), two devices on a real pouchdb-server: the
// dispatcher's device lists both devices with their keys; revoking the phone's asks for a reason
// (named beside its field when missing), then shows it revoked; after the phone syncs, what the
// phone signed before stays verified and what it signs afterwards is flagged, on both devices.
import { test, assert, eventually } from './harness.mjs';
import { registerNew, openTicket, mark } from './desk.mjs';
import { startCouch, configure, syncUntil, outboxCount } from './couch.mjs';
import { accessibilityViolations } from './a11y.mjs';

test('devices: a lost phone\'s key revoked in Ajustes; what it signed before stays verified, what it signs after is flagged', async ({ browser, page, app }) => {
  const couch = await startCouch();
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-MX' });
  try {
    const pageB = await phone.newPage();
    await configure(page, app.url, couch.url);
    await configure(pageB, app.url, couch.url);

    // The dispatcher's device signs its first event (publishing its key); then the phone
    // registers a ticket and syncs, and the dispatcher gets it.
    await registerNew(page, app.url, { customer: 'Farmacias del Norte', user: 'Técnico de campo', description: 'Sin enlace' });
    const before = await registerNew(pageB, app.url, { customer: 'Minera Sur', user: 'Técnico de campo', description: 'Sin enlace' });
    await syncUntil(pageB, app.url, async () => (await outboxCount(pageB)) === 0, 'the phone pushed');
    await syncUntil(page, app.url, async () => (await page.locator('li.ticket .number', { hasText: before }).count()) === 1,
      'the dispatcher has the phone\'s ticket');

    // Ajustes lists both devices: this one first, the phone with its key.
    await page.goto(`${app.url}/#/ajustes`);
    const rows = page.locator('li.desk-device');
    await eventually(async () => (await rows.count()) === 2, 'two devices listed');
    assert.match(await rows.first().textContent(), /Este dispositivo/);
    assert.equal(await rows.first().locator('button.revoke-device').count(), 0, 'a device does not revoke itself here');
    const phoneRow = rows.nth(1);
    assert.match(await phoneRow.textContent(), /Clave [0-9a-f]{16}…, desde/);
    assert.match(await phoneRow.textContent(), /Activa/);

    // Revoking asks for the reason first.
    await phoneRow.locator('button.revoke-device').click();
    await page.click('#confirm-revoke');
    await eventually(async () => (await page.locator('#revoke-reason').getAttribute('aria-invalid')) === 'true', 'reason asked for');
    assert.match(await page.locator('#revoke-reason-problem').textContent(), /Escriba el motivo/);
    assert.deepEqual(await accessibilityViolations(page), [], 'the revocation form, as axe-core sees it');
    await page.fill('#revoke-reason', 'Teléfono robado en la visita');
    await page.click('#confirm-revoke');
    await eventually(async () => /revocada/.test(await page.locator('#device-revoked').textContent().catch(() => '')), 'revoked');
    await eventually(async () => (await phoneRow.getAttribute('data-revoked')) === 'true'
      && /Revocada desde/.test(await phoneRow.textContent()), 'the phone shown revoked');
    await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'the revocation pushed');

    // The phone syncs (it learns of the revocation), then signs a new ticket.
    await syncUntil(pageB, app.url, async () => (await outboxCount(pageB)) === 0, 'the phone pulled');
    const after = await registerNew(pageB, app.url, { customer: 'Hotel Brisa', user: 'Técnico de campo', description: 'Sin enlace' });
    await syncUntil(pageB, app.url, async () => (await outboxCount(pageB)) === 0, 'the phone pushed again');
    await syncUntil(page, app.url, async () => (await page.locator('li.ticket .number', { hasText: after }).count()) === 1,
      'the dispatcher has the new ticket');

    // Before the revocation: verified. After it: flagged, with the reason in words.
    await openTicket(page, app.url, before, '.evidence-mark');
    await eventually(async () => (await mark(page))?.state === 'verified', 'the earlier ticket still verifies');
    await openTicket(page, app.url, after, '.evidence-mark');
    await eventually(async () => (await mark(page))?.state === 'broken', 'the later ticket is flagged');
    assert.ok((await mark(page)).text.includes('firmado después de que se revocara la clave de su dispositivo'), (await mark(page)).text);
    await openTicket(pageB, app.url, after, '.evidence-mark');
    await eventually(async () => (await mark(pageB))?.state === 'broken', 'flagged on the phone too');
  } finally {
    await phone.close().catch(() => {});
    await couch.stop();
  }
});
