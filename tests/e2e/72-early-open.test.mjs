// index.html opens the desk's database before the app's code arrives, on a device whose desk is
// set up (`mesa.returning`), so a browser just started loads it meanwhile. That open must never
// create a database: a device that remembers its desk but whose database is gone (its site data
// cleared in part, the database deleted from DevTools) opens a new desk, as a new device does,
// and not a version-1 database with none of the stores, which the app's upgrade cannot complete.
import { test, assert, eventually } from './harness.mjs';
import { registerNew, numbers } from './desk.mjs';

/** The versions of the site's databases, by name. */
const databases = (page) => page.evaluate(async () => Object.fromEntries((await indexedDB.databases()).map((d) => [d.name, d.version])));

test('a device that remembers its desk but lost its database opens a new desk; the early open creates nothing', async ({ page, app }) => {
  // A page of the site that is not the app: the device's memory without its database.
  await page.goto(`${app.url}/manifest.webmanifest`);
  await page.evaluate(() => localStorage.setItem('mesa.returning', '1'));
  assert.deepEqual(await databases(page), {}, 'no database yet');
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('#language');
  const number = await registerNew(page, app.url, { customer: 'Minera Sur', user: 'Técnico de campo', description: 'Primera de una mesa nueva' });
  await page.goto(`${app.url}/#/`);
  await eventually(async () => (await numbers(page)).includes(number), 'the ticket listed');
  const version = (await databases(page)).mesa;
  assert.ok(version > 1, `the app's own schema (version ${version})`);
  // Its next start, the desk set up: the early open finds the database and lets the app open it.
  await page.evaluate(() => localStorage.setItem('mesa.returning', '1'));
  await page.reload();
  await eventually(async () => (await numbers(page)).includes(number), 'the ticket listed after the next start');
  assert.equal((await databases(page)).mesa, version, 'the same database');
});
