// Hostile text is only text, also where issue #15's first XSS journey (59) did not look: a
// customer and its site typed in Ajustes, a ticket's closure (root cause, solution, who
// confirmed) and its printed closure report, the monthly report — and all of it synced to a
// second device, which renders what another device wrote.
import { test, assert, eventually } from './harness.mjs';
import { registerTicket, openPage } from './desk.mjs';
import { act } from './profiles.mjs';
import { CORPUS, HOSTILE, injected } from './xss.mjs';
import { startCouch, configure, outboxCount, syncUntil } from './couch.mjs';

const CUSTOMER = `Cliente ${CORPUS[1]}`;
const SITE = `Sede ${CORPUS[2]}`;

test('XSS through sync: a hostile customer, site and closure render as text on the device that typed them and on the one that synced them',
  async ({ browser, page, app }) => {
    const couch = await startCouch();
    const contextB = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const dialogs = [];
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
    try {
      await configure(page, app.url, couch.url);
      // A: the customer and its site in Ajustes.
      await openPage(page, app.url, '#/ajustes');
      await page.click('#add-customer');
      const card = page.locator('fieldset.customer').last();
      await card.locator('input.customer-name').fill(CUSTOMER);
      await card.locator('button.add-site').click();
      await card.locator('.site-row').first().locator('input.site-name').fill(SITE);
      await card.locator('.site-row').first().locator('input.site-city').fill(CORPUS[5]);
      await page.click('#save-customers');
      await page.waitForSelector('.customers .saved:not(:empty)');
      assert.deepEqual(await injected(page), { flag: null, nodes: 0 }, 'A: Ajustes');

      // A ticket for it, resolved with the corpus as its closure.
      await openPage(page, app.url, '#/nueva');
      await page.fill('#site', SITE);
      const number = await registerTicket(page, { customer: CUSTOMER, user: CORPUS[3], description: HOSTILE, severity: 's3' });
      await openPage(page, app.url, '#/');
      await page.locator('li.ticket .number', { hasText: number }).click();
      await page.waitForSelector('details.action[data-action="resolve"]');
      await act(page, 'resolve', { root_cause: HOSTILE, solution: CORPUS[4], confirmed_by: CORPUS[0], category: 'operador' });
      const report = page.locator('section.closure-report');
      await eventually(async () => (await report.count()) === 1, 'A: the closure report');
      assert.ok((await report.textContent()).includes(CORPUS[4]), 'A: the solution shown literally');
      assert.deepEqual(await injected(page), { flag: null, nodes: 0 }, 'A: ticket and closure report');
      // The mailto: links carry the text encoded, never as markup.
      for (const href of await page.locator('a[href^="mailto:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        assert.ok(!/[<>"]/.test(href), `a mailto: link is encoded: ${href.slice(0, 80)}`);
      }

      // The month's report names the customer and the site as typed.
      await openPage(page, app.url, '#/informes');
      await eventually(async () => (await page.locator('main').textContent()).includes(CUSTOMER), 'A: the report names the customer');
      assert.deepEqual(await injected(page), { flag: null, nodes: 0 }, 'A: monthly report');
      await syncUntil(page, app.url, async () => (await outboxCount(page)) === 0, 'A pushed');

      // B: a new device joins and renders what A wrote.
      const pageB = await contextB.newPage();
      pageB.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
      await pageB.goto(`${app.url}/#/`);
      await pageB.waitForSelector('#join-desk');
      await configure(pageB, app.url, couch.url);
      await syncUntil(pageB, app.url, async () => (await pageB.locator('li.ticket', { hasText: number }).count()) === 1,
        'B has the ticket');
      assert.equal((await pageB.locator('li.ticket', { hasText: number }).locator('.customer').textContent()).trim(),
        `${CUSTOMER} · ${SITE}`, 'B: the queue row names the customer and the site as typed');
      assert.deepEqual(await injected(pageB), { flag: null, nodes: 0 }, 'B: queue');
      await pageB.locator('li.ticket .number', { hasText: number }).click();
      await eventually(async () => (await pageB.locator('section.closure-report').count()) === 1, 'B: the closure report');
      assert.ok((await pageB.locator('section.closure-report').textContent()).includes(CORPUS[4]), 'B: the solution literally');
      assert.deepEqual(await injected(pageB), { flag: null, nodes: 0 }, 'B: ticket and closure report');
      await openPage(pageB, app.url, '#/ajustes');
      await eventually(async () => (await pageB.locator('input.customer-name').count()) === 1, 'B has the customer');
      assert.equal(await pageB.inputValue('input.customer-name'), CUSTOMER);
      assert.equal(await pageB.inputValue('.site-row input.site-name'), SITE);
      assert.deepEqual(await injected(pageB), { flag: null, nodes: 0 }, 'B: Ajustes');
      await openPage(pageB, app.url, '#/informes');
      await eventually(async () => (await pageB.locator('main').textContent()).includes(CUSTOMER), 'B: the report names the customer');
      assert.deepEqual(await injected(pageB), { flag: null, nodes: 0 }, 'B: monthly report');
      assert.deepEqual(dialogs, [], 'no dialog opened');
    } finally {
      await contextB.close();
      await couch.stop();
    }
  });
