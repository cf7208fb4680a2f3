// Sincronizar: an address or database left empty is said, naming the field, before any request
// (an empty address would have probed the app's own site).
import { test, assert, eventually } from './harness.mjs';

test('sync form: an empty address is refused before any request, naming the field', async ({ page, app }) => {
  await page.goto(`${app.url}/#/sincronizar`);
  await page.waitForSelector('#sync-test:not([disabled])');
  const sent = [];
  page.on('request', (r) => { if (!/\.(wasm|js|css|json|html|webmanifest|png|svg)(\?|$)/.test(r.url())) sent.push(r.url()); });

  await page.click('#sync-test');
  await eventually(async () => (await page.locator('#sync-outcome').textContent()).includes('Falta «Dirección del servidor»'),
    'the empty address is named');
  await page.fill('#sync-url', 'http://127.0.0.1:9');
  await page.click('#sync-now');
  await eventually(async () => (await page.locator('#sync-outcome').textContent()).includes('Falta «Base de datos»'),
    'the empty database is named');
  assert.deepEqual(sent, [], 'no request was made');
});
