// The desk's shared records travel like tickets, through the real pouchdb-server: the dispatcher
// (A) picks the process (P3), adds a customer with a site, names the desk and writes an article;
// the technician (B), on a fresh profile, joins through "Unirse a una mesa existente", syncs and
// has all of them, the process included (after the reload it offers). Both then change the same
// article's text while apart: after syncing, both show the conflict with both texts, and saving
// it on one device resolves it on the other.
import { test, assert, eventually } from './harness.mjs';
import { startCouch, configure, syncUntil, outboxCount } from './couch.mjs';

async function addArticle(page, appUrl, title, body) {
  await page.goto(`${appUrl}/#/conocimiento`);
  await page.getByRole('button', { name: 'Nuevo artículo' }).click();
  await page.fill('#kb-title', title);
  await page.fill('#kb-body', body);
  await page.click('form.kb-editor button[type=submit]');
  await eventually(async () => (await page.locator('.kb p.saved').count()) === 1, `${title} saved`);
}

async function editArticle(page, appUrl, title, body) {
  await page.goto(`${appUrl}/#/conocimiento`);
  const item = page.locator('li.article', { hasText: title });
  await item.getByRole('button', { name: 'Editar' }).click();
  await page.fill('#kb-body', body);
  await page.click('form.kb-editor button[type=submit]');
  await eventually(async () => (await page.locator('.kb p.saved').count()) === 1, `${title} revised`);
}

const conflictOn = async (page, appUrl) => {
  await page.goto(`${appUrl}/#/conocimiento`);
  await page.waitForSelector('li.article');
  return page.locator('li.article .kb-conflict').count();
};

test('sync: customers, the desk name and articles reach another device; an article changed on both shows the conflict on both',
  async ({ browser, page, app }) => {
    const couch = await startCouch();
    const contextB = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-MX' });
    try {
      const pageB = await contextB.newPage();
      await configure(page, app.url, couch.url);

      // A: the process (published to the desk), a customer with a site, the name, an article.
      await page.goto(`${app.url}/#/ajustes`);
      await page.locator('input[name=preset][value="p3-cirion"]').check();
      await Promise.all([page.waitForEvent('load'), page.click('#use-preset')]);
      await page.goto(`${app.url}/#/ajustes`);
      await eventually(async () => (await page.locator('#active-profile').textContent()).includes('Cirion'), 'A runs P3');
      await page.waitForSelector('#add-customer');
      await page.fill('#desk-name', 'Mesa Norte');
      await page.click('#save-desk');
      await page.click('#add-customer');
      const card = page.locator('fieldset.customer').last();
      await card.locator('input.customer-name').fill('Banco Andino');
      await card.locator('button.add-site').click();
      await card.locator('.site-row').first().locator('input.site-name').fill('Matriz Quito');
      await card.locator('.site-row').first().locator('input.site-city').fill('Quito');
      await page.click('#save-customers');
      await page.waitForSelector('.customers .saved:not(:empty)');
      await addArticle(page, app.url, 'VPN caída', 'Reinicie el túnel IPsec.');
      await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'A pushed the desk records');

      // B, a new device, joins the desk from its first steps.
      await pageB.goto(`${app.url}/#/`);
      await pageB.click('#join-desk');
      await configure(pageB, app.url, couch.url);
      await syncUntil(pageB, app.url, async () => (await pageB.locator('#process-changed').count()) === 1,
        'B is told the desk runs another process');
      // Its first steps say what the first sync brought.
      await pageB.goto(`${app.url}/#/`);
      await eventually(async () => (await pageB.locator('#join-progress').textContent()).includes('su proceso llegó'),
        'B\'s first steps say the desk arrived');
      await Promise.all([pageB.waitForEvent('load'), pageB.click('#process-changed button')]);
      await pageB.goto(`${app.url}/#/ajustes`);
      await eventually(async () => (await pageB.locator('#active-profile').textContent()).includes('Cirion'),
        'B runs the desk\'s process after the reload');
      await eventually(async () => (await pageB.locator('input.customer-name').count()) === 1, 'B has the customer');
      assert.equal(await pageB.inputValue('input.customer-name'), 'Banco Andino');
      assert.equal(await pageB.inputValue('.site-row input.site-name'), 'Matriz Quito');
      assert.equal(await pageB.inputValue('#desk-name'), 'Mesa Norte');
      await pageB.goto(`${app.url}/#/conocimiento`);
      await eventually(async () => (await pageB.locator('li.article', { hasText: 'VPN caída' }).count()) === 1,
        'B has the article');

      // Both change its text while apart, then sync: both texts kept, shown on both.
      await editArticle(page, app.url, 'VPN caída', 'Reinicie el túnel y revise las rutas.');
      await editArticle(pageB, app.url, 'VPN caída', 'Revise el certificado del concentrador.');
      await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'A pushed');
      await syncUntil(pageB, app.url, async () => (await outboxCount(pageB)) === 0, 'B pushed and pulled');
      await syncUntil(page, app.url, async () => (await conflictOn(page, app.url)) === 1, 'A shows the conflict');
      assert.equal(await conflictOn(pageB, app.url), 1, 'B shows the conflict');
      const texts = await page.locator('li.article .kb-conflict li').allTextContents();
      assert.deepEqual(texts.map((t) => t.trim()).sort(),
        ['Reinicie el túnel y revise las rutas.', 'Revise el certificado del concentrador.']);

      // A saves the text it wants: resolved there, and on B after sync.
      await editArticle(page, app.url, 'VPN caída', 'Revise el certificado y reinicie el túnel.');
      assert.equal(await conflictOn(page, app.url), 0, 'resolved on A');
      await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'A pushed the resolution');
      await syncUntil(pageB, app.url, async () => (await conflictOn(pageB, app.url)) === 0, 'resolved on B');
      await pageB.locator('li.article summary').first().click();
      assert.equal((await pageB.locator('li.article .article-body').first().textContent()).trim(),
        'Revise el certificado y reinicie el túnel.');
    } finally {
      await contextB.close();
      await couch.stop();
    }
  });
