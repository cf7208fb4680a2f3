// What the desk calls a ticket, edited in Ajustes › Vocabulario: an empty word is named beside
// its field and nothing is saved; saved, it is a new version of the process and every screen
// uses it, with the Spanish words agreeing in gender («Nueva orden de trabajo», «Nuevo
// pedido»); English takes the English word. axe-core finds nothing on the form and its problems.
import { test, assert, eventually } from './harness.mjs';
import { accessibilityViolations } from './a11y.mjs';

async function saveUnit(page, url, words) {
  await page.goto(`${url}/#/ajustes`);
  await page.waitForSelector('#unit-es_one');
  for (const [field, value] of Object.entries(words)) {
    if (field === 'es_gender') await page.selectOption('#unit-es_gender', value);
    else await page.fill(`#unit-${field}`, value);
  }
  await Promise.all([page.waitForEvent('load'), page.click('#save-unit')]);
  await page.goto(`${url}/#/`);
  await page.waitForSelector('#queue-search');
}

const header = (page) => page.locator('header nav a.primary').textContent();

test('Vocabulary in Ajustes: the desk\'s word for a ticket, in agreement, on every screen', async ({ page, browser, app }) => {
  await page.goto(`${app.url}/#/ajustes`);
  await page.waitForSelector('#unit-es_one');
  // The app's own words until the process names others.
  assert.equal(await page.inputValue('#unit-es_one'), 'incidencia');
  assert.equal(await page.inputValue('#unit-en_other'), 'incidents');

  // An empty plural and a word with braces: named beside their fields, nothing saved.
  await page.fill('#unit-es_other', ' ');
  await page.fill('#unit-en_one', '{x}');
  await page.click('#save-unit');
  await eventually(async () => /No se guardó el vocabulario/.test(await page.locator('#unit-problems').textContent()), 'not saved');
  assert.equal(await page.locator('#unit-es_other').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#unit-es_other-problem').textContent(), 'Escriba una palabra.');
  assert.match(await page.locator('#unit-en_one-problem').textContent(), /sin llaves/);
  assert.equal(await page.locator('#unit-es_one').getAttribute('aria-invalid'), 'false');
  assert.deepEqual(await accessibilityViolations(page), [], 'the form and its problems, as axe-core sees them');
  assert.equal((await header(page)).trim(), 'Nueva incidencia');

  // Feminine, several words: the header, the new ticket's page and the empty queue agree.
  await saveUnit(page, app.url, { es_one: 'orden de trabajo', es_other: 'órdenes de trabajo', es_gender: 'feminine', en_one: 'work order', en_other: 'work orders' });
  await eventually(async () => (await header(page)).trim() === 'Nueva orden de trabajo', 'the header names it');
  assert.match(await page.locator('main').textContent(), /No hay órdenes de trabajo registradas\. Cree la primera con «Nueva orden de trabajo»/);
  await page.goto(`${app.url}/#/nueva`);
  await eventually(async () => (await page.locator('h1').textContent()).trim() === 'Nueva orden de trabajo', 'the form\'s title');

  // Masculine: the words around it change with it.
  await saveUnit(page, app.url, { es_one: 'pedido', es_other: 'pedidos', es_gender: 'masculine' });
  await eventually(async () => (await header(page)).trim() === 'Nuevo pedido', 'masculine in the header');
  assert.match(await page.locator('main').textContent(), /No hay pedidos registrados\. Cree el primero con «Nuevo pedido»/);

  // The next start paints the header in these words before the code arrives (the boot shell
  // reads what the app last showed), under the page's content-security policy.
  assert.equal(await page.evaluate(() => localStorage.getItem('mesa.nav_new')), 'Nuevo pedido');
  const cold = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await cold.addInitScript(() => localStorage.setItem('mesa.nav_new', 'Nuevo pedido'));
    const shell = await cold.newPage();
    await shell.route('**/*.wasm', (route) => route.abort());
    await shell.goto(`${app.url}/#/`);
    assert.equal((await shell.locator('#boot-new').textContent()).trim(), 'Nuevo pedido');
  } finally {
    await cold.close();
  }

  // English takes the English word.
  await page.selectOption('#language', 'en');
  await eventually(async () => (await header(page)).trim() === 'New work order', 'the English word');
});
