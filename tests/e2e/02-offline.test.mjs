// Offline-first: the app shell works with the server gone, tabs stay in step, backups merge.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { test, assert, eventually } from './harness.mjs';
import { registerTicket, cachedForOffline } from './desk.mjs';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const rows = (page) => page.locator('li.ticket').count();

/** Opens the app and waits until the service worker controls the page (the shell is cached). */
async function openAndCache(page, url) {
  await page.goto(`${url}/#/`);
  await page.waitForSelector('#language');
  await cachedForOffline(page);
}

test('offline: after one visit the app opens with the server gone and a ticket can be created', async ({ page, app }) => {
  await openAndCache(page, app.url);
  await app.stop();
  await page.reload();
  await page.waitForSelector('#language', { timeout: 20_000 });
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#customer');
  const number = await registerTicket(page, { customer: 'Minera Sur', user: 'Técnico de campo', description: 'Sin enlace en el campamento' });
  await page.goto(`${app.url}/#/`);
  await eventually(async () => (await rows(page)) === 1, 'ticket listed offline');
  assert.equal((await page.locator('li.ticket .number').textContent()).trim(), number);
  // No endpoint is configured: the header does not count what waits for none (#15).
  assert.match(await page.locator('header.top .status').textContent(), /Sin sincronización: todo se guarda en este dispositivo/);
  assert.doesNotMatch(await page.locator('header.top .status').textContent(), /por sincronizar/);
  await page.reload();
  await eventually(async () => (await rows(page)) === 1, 'ticket still listed after an offline reload');
});

test('two tabs on one device see each other\'s changes', async ({ context, page, app }) => {
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('#language');
  const other = await context.newPage();
  await other.goto(`${app.url}/#/`);
  await other.waitForSelector('#language');
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#customer');
  await registerTicket(page, { customer: 'Hotel Brisa', user: 'Pedro', description: 'Llamadas se cortan' });
  await eventually(async () => (await rows(other)) === 1, 'the other tab lists the new ticket');
});

test('backup: importing twice equals once; a broken file is refused and changes nothing', async ({ page, app }) => {
  await page.goto(`${app.url}/#/datos`);
  await page.waitForSelector('#import-backup', { state: 'attached' });
  await page.setInputFiles('#import-backup', join(fixtures, 'backup-3-tickets.json'));
  await eventually(async () => /Eventos nuevos: 3; ya estaban: 0/.test(await page.locator('#import-result').textContent()), 'first import counted');
  await page.setInputFiles('#import-backup', join(fixtures, 'backup-3-tickets.json'));
  await eventually(async () => /Eventos nuevos: 0; ya estaban: 3/.test(await page.locator('#import-result').textContent()), 'second import changes nothing');
  await page.setInputFiles('#import-backup', join(fixtures, 'backup-broken.json'));
  const error = await page.waitForSelector('#import-error');
  assert.match(await error.textContent(), /línea 11, columna 16/);
  await page.goto(`${app.url}/#/`);
  await eventually(async () => (await rows(page)) === 3, 'three tickets after the imports');
});

// The release build loads every page but the queue as its own wasm module (src/ui/split.rs).
const PAGES = [
  ['#/informes', 'Informe mensual'],
  ['#/ajustes', 'Guardar clientes'],
  ['#/conocimiento', 'Base de conocimiento'],
  ['#/directorio', 'Nivel 1'],
  ['#/datos', 'Exportar respaldo'],
  ['#/sincronizar', 'CORS'],
  ['#/nueva', 'Registrar'],
];
const pageModule = /\/snippets\/split-[0-9a-f]+\/split_([a-z_]+)\.wasm$/;

test('pages on demand: the first load fetches no page module (a new device: the process checks, once); a page fetches its own when it opens', async ({ browser, app }) => {
  // No service worker: every module the page needs is a request of its own.
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX', serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const fetched = [];
    const data = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      const m = path.match(pageModule);
      if (m) fetched.push(m[1]);
      if (/\/(locales|profiles)\//.test(path)) data.push(path.replace(/^.*\/(locales|profiles)\//, '$1/'));
    });
    await page.goto(`${app.url}/#/`);
    await page.waitForSelector('#language');
    await page.waitForSelector('#boot', { state: 'detached' });
    await eventually(async () => /Bandeja|Primeros pasos/.test(await page.locator('main').textContent()), 'queue shown');
    // A new device checks the process once (the checks' module), and keeps the proof.
    assert.deepEqual(fetched, ['profile_check'], 'the first load fetched a page module');
    // The desk's process is fetched (the default one on a new desk), the English texts are not;
    // the Spanish files (the first screen's texts are in the app) only once the queue has loaded.
    await eventually(() => data.filter((d) => d.startsWith('locales/es/')).length === 9, 'the Spanish texts fetched');
    assert.deepEqual(data.filter((d) => !d.startsWith('locales/es/')), ['profiles/p4-callmyway.json']);
    const late = await page.evaluate(() => {
      const loaded = performance.getEntriesByName('mesa:tickets-loaded')[0].startTime;
      return performance.getEntriesByType('resource')
        .filter((r) => r.name.includes('/locales/es/'))
        .every((r) => r.startTime >= loaded);
    });
    assert.ok(late, 'the Spanish texts were asked for after the queue had loaded');
    // The next start opens the same process without checking it again: no module at all.
    fetched.length = 0;
    await page.reload();
    await page.waitForSelector('#boot', { state: 'detached' });
    await eventually(async () => /Bandeja|Primeros pasos/.test(await page.locator('main').textContent()), 'queue shown again');
    assert.deepEqual(fetched, [], 'the second load fetched a module');
    await page.goto(`${app.url}/#/informes`);
    await eventually(async () => /Informe mensual/.test(await page.locator('main').textContent()), 'reports shown');
    assert.deepEqual(fetched, ['reports']);

    // Offline before the knowledge base was ever opened (and no service worker kept it): a
    // message that says so, and the rest of the app keeps working.
    await context.setOffline(true);
    await page.goto(`${app.url}/#/conocimiento`);
    const alert = page.locator('main [role=alert]', { hasText: 'No se pudo cargar esta página' });
    await alert.waitFor();
    assert.match(await alert.textContent(), /Sus datos están a salvo/);
    await page.goto(`${app.url}/#/informes`);
    await eventually(async () => /Informe mensual/.test(await page.locator('main').textContent()), 'reports still shown offline');
    // English cannot be fetched either: the app stays in Spanish, the menu back on Español.
    await page.goto(`${app.url}/#/`);
    await page.selectOption('#language', 'en');
    await eventually(async () => (await page.locator('#language').inputValue()) === 'es', 'language menu back on Spanish');
    assert.equal(await page.locator('h1').textContent(), 'Bandeja');
    await page.goto(`${app.url}/#/conocimiento`);
    await alert.waitFor();
    // Back online, «Reintentar» loads it.
    await context.setOffline(false);
    await alert.getByRole('button', { name: 'Reintentar' }).click();
    await eventually(async () => /Base de conocimiento/.test(await page.locator('main').textContent()), 'knowledge base shown after retrying');
    assert.equal(await alert.count(), 0);
  } finally {
    await context.close();
  }
});

test('pages on demand: after one visit every page opens offline, from the service worker', async ({ page, app }) => {
  await openAndCache(page, app.url);
  await app.stop();
  for (const [route, text] of PAGES) {
    await page.goto(`${app.url}/${route}`);
    await eventually(async () => (await page.locator('main').textContent()).includes(text), `${route} shown offline`);
    assert.equal(await page.locator('main [role=alert]', { hasText: 'No se pudo cargar' }).count(), 0, route);
  }
  // Ajustes lists the five presets, fetched from the service worker's cache.
  await page.goto(`${app.url}/#/ajustes`);
  await eventually(async () => (await page.locator('label.preset').count()) === 5, 'five presets offline');
  // English, never chosen before, is fetched from the service worker's cache too.
  await page.goto(`${app.url}/#/`);
  await page.selectOption('#language', 'en');
  await eventually(async () => (await page.locator('h1').textContent()) === 'Queue', 'English offline');
});

test('a desk whose process file cannot be fetched (no service worker) opens with the copy it kept', async ({ browser, app }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX', serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(`${app.url}/#/`);
    await page.waitForSelector('#language');
    // The first start-up fetched the default process and keeps a copy on the device (read
    // through the test hook, src/app/test_hooks.rs).
    const kept = async () => (await page.evaluate(() => window.__mesaTest.presetKept('p4-callmyway')))?.length ?? 0;
    await eventually(async () => (await kept()) > 1000, 'the process copy kept');
    // Now the file cannot be fetched: the desk still opens on its process, with no error.
    let refused = 0;
    await page.route('**/profiles/**', (route) => { refused += 1; return route.abort('internetdisconnected'); });
    await page.reload();
    // The app's own first screen (the page's boot shell, painted before the code, is gone).
    await page.waitForSelector('#boot', { state: 'detached' });
    await eventually(async () => /Bandeja|Primeros pasos/.test(await page.locator('main').textContent()), 'queue shown');
    assert.ok(refused > 0, 'the start-up tried the file');
    assert.equal(await page.locator('main [role=alert]').count(), 0);
    await page.goto(`${app.url}/#/nueva`);
    await eventually(async () => (await page.locator('main').textContent()).includes('Registrar'), 'new ticket form on the kept process');
  } finally {
    await context.close();
  }
});
