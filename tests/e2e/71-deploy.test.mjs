// A deploy while a device has the app installed: the new version's page is served by the old
// version's service worker until the user clicks «Actualizar» (src/ui/shell/sw.rs). It must
// start on the new version's files (a file that kept its name but not its bytes, served from
// the old worker's cache, left it on «Cargando la mesa…» before session 34; texts that keep
// their names must be the new version's, even after the browser restarted the old worker),
// offer the update, and after it work offline from the new version's cache, with nothing the
// user saved lost. A release of texts alone, whose code keeps every name and byte, is a new
// version as well (the site's version, scripts/site-version.py).
import { rmSync } from 'node:fs';
import { test, assert, eventually } from './harness.mjs';
import { registerNew, cachedForOffline, numbers } from './desk.mjs';
import { nextTexts, nextVersion, versionOf } from './deploy.mjs';

/** The app files the page has fetched (or taken from the worker) since it loaded. */
const loaded = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));

/** Chooses `language` and waits for the header to show `text` (`what`, if it does not). */
async function headerShows(page, language, text, what) {
  await page.selectOption('#language', language);
  await eventually(async () => (await page.locator('header.top nav').textContent()).includes(text), what);
}

/** Clicks «Actualizar» on `banner`; waits for the page under the worker of version `build`, whose cache is the only one left. */
async function updateTo(page, banner, build) {
  await banner.getByRole('button', { name: 'Actualizar' }).click();
  await eventually(() => page.evaluate((v) => navigator.serviceWorker.controller?.scriptURL.endsWith(v), build),
    'the page controlled by the new version\'s worker', 20_000);
  await eventually(async () => {
    const shells = await page.evaluate(() => caches.keys());
    return shells.length === 1 && shells[0].endsWith(build);
  }, 'only the new version\'s cache kept');
}

test('a deploy: the new version starts under the old worker, «Actualizar» moves to it, nothing saved is lost', async ({ page, app }) => {
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('#language');
  const number = await registerNew(page, app.url, { customer: 'Minera Sur', user: 'Técnico de campo', description: 'Antes de la nueva versión' });
  await page.goto(`${app.url}/#/`);
  await cachedForOffline(page);
  const oldWorker = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);

  const next = nextVersion(app.dist);
  try {
    await app.deploy(next.site);
    await page.reload();
    // The new version's page, under the old worker, runs: the queue shows the ticket.
    await eventually(async () => (await numbers(page)).includes(number), 'the queue of the new version shows the ticket', 20_000);
    const files = await loaded(page);
    assert.ok(files.includes(`/${next.main}`), `the new main script is loaded (${files.join(', ')})`);
    assert.ok(!files.includes(`/${next.oldMain}`), 'the old main script is not');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL), oldWorker, 'still under the old worker');
    // A page loaded on demand comes from the new version's modules.
    await page.goto(`${app.url}/#/nueva`);
    await page.waitForSelector('#customer');
    assert.ok((await loaded(page)).some((f) => f.startsWith(`/snippets/${next.splitFolder}/`)), 'the new version\'s page module');
    await page.goto(`${app.url}/#/`);
    // Its worker installed beside the old one, it offers the update.
    const banner = page.locator('.banner-update', { hasText: 'Hay una nueva versión de Mesa lista.' });
    await banner.waitFor({ timeout: 30_000 });
    // The browser stops an idle worker (after ~30 s; here both, the new one installed) and
    // starts it again for the next request, which then forgets that this page is of the new
    // version: the texts fetched after that are still the new version's, not the old worker's
    // cached copies of the same names.
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('ServiceWorker.enable');
    await devtools.send('ServiceWorker.stopAllWorkers');
    await headerShows(page, 'en', next.queueInEnglish, 'the new version\'s English texts after the old worker restarted');
    await headerShows(page, 'es', 'Bandeja', 'Spanish again');
    await updateTo(page, banner, next.build);
    await eventually(async () => (await numbers(page)).includes(number), 'the ticket listed after the update', 20_000);
    // The new version's cache holds what the app needs offline.
    await app.stop();
    await page.reload();
    await eventually(async () => (await numbers(page)).includes(number), 'the ticket listed offline on the new version', 20_000);
    assert.ok((await loaded(page)).includes(`/${next.main}`), 'offline, the new main script comes from the new cache');
    await page.goto(`${app.url}/#/nueva`);
    await page.waitForSelector('#customer');
  } finally {
    rmSync(next.site, { recursive: true, force: true });
  }
});

test('a release of texts alone: a new version, offered as an update, its texts shown before and after it', async ({ page, app }) => {
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('#language');
  await cachedForOffline(page);
  const next = nextTexts(app.dist);
  assert.ok(next.build && next.build !== versionOf(app.dist), `the site's version changed (${versionOf(app.dist)} → ${next.build})`);
  try {
    await app.deploy(next.site);
    await page.reload();
    await page.waitForSelector('#language');
    // The code's files kept their names and bytes; the worker of the new texts is installed
    // beside the old one all the same, and offers the update.
    const banner = page.locator('.banner-update', { hasText: 'Hay una nueva versión de Mesa lista.' });
    await banner.waitFor({ timeout: 30_000 });
    await headerShows(page, 'en', next.queueInEnglish, 'the new English texts under the old worker');
    await headerShows(page, 'es', 'Bandeja', 'Spanish again');
    await updateTo(page, banner, next.build);
    // Offline, the new texts come from the new version's cache.
    await app.stop();
    await page.reload();
    await page.waitForSelector('#language');
    await headerShows(page, 'en', next.queueInEnglish, 'the new English texts offline');
  } finally {
    rmSync(next.site, { recursive: true, force: true });
  }
});
