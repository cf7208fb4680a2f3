// Knowledge base on the ticket (P2, first level "consults the knowledge base"): an article whose
// words match the ticket's description is suggested on the ticket, opens in place, and "Usar como
// solución" fills the resolution; resolving records the article as the solution in the history.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, registerAndOpen } from './profiles.mjs';

const TITLE = 'Portal de pagos no carga';
const BODY = 'Reinicie el grupo de aplicaciones del portal de pagos y vacíe la caché del balanceador.';

test('KB: suggested article used as the solution is recorded on resolving', async ({ page, app }) => {
  await useProfile(page, app.url, 'p2-seware');

  // An article in the knowledge base, and one that has nothing to do with the ticket.
  await page.goto(`${app.url}/#/conocimiento`);
  for (const [title, body] of [[TITLE, BODY], ['Impresora atascada', 'Abra la bandeja trasera.']]) {
    await page.getByRole('button', { name: 'Nuevo artículo' }).click();
    await page.fill('#kb-title', title);
    await page.fill('#kb-body', body);
    await page.click('form.kb-editor button[type=submit]');
    await eventually(async () => (await page.locator('.kb p.saved').count()) === 1, `${title} saved`);
  }

  const number = await registerAndOpen(page, app.url, {
    request_kind: 'incidente', customer: 'Secretaría de Finanzas', solicitante: 'Jefe de sistemas',
    correo: 'sistemas@example.invalid', description: 'El portal de pagos no carga desde las 8:00',
  });
  const suggestions = page.locator('section.knowledge ul.suggestions > li.article');
  await eventually(async () => (await suggestions.count()) >= 1, 'an article is suggested');
  assert.equal(await suggestions.count(), 1, 'only the matching article');
  const article = suggestions.first();
  assert.equal((await article.locator('.article-title').textContent()).trim(), TITLE);

  // The article opens in place.
  assert.equal(await article.locator('.article-body').isVisible(), false);
  await article.locator('summary').click();
  assert.equal(await article.locator('.article-body').isVisible(), true);
  assert.equal((await article.locator('.article-body').textContent()).trim(), BODY);

  // "Usar como solución" opens the resolve form with the article as the solution.
  await article.getByRole('button', { name: `Usar «${TITLE}» como solución` }).click();
  const resolve = page.locator('details.action[data-action="resolve"]');
  await eventually(async () => (await page.inputValue('#a-resolve-solution')) === BODY, 'solution filled');
  // The form opens and takes the focus in the animation frame after the solution is filled.
  await eventually(async () => resolve.evaluate((el) => el.open), 'resolve form opened');
  await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === 'a-resolve-solution', 'focus on the solution');
  assert.match(await resolve.locator('.from-article').textContent(), /Solución tomada del artículo «Portal de pagos no carga»/);

  await resolve.locator('button[type=submit]').click();
  await eventually(async () => (await page.getByTestId('ticket-status').textContent()).trim() === 'Resuelto', 'ticket resolved');

  // The history records the article as the solution, and the solution text.
  const timeline = page.locator('section.timeline');
  await eventually(async () => /usado como solución/.test(await timeline.textContent()), 'timeline shows the article');
  const linkedEvent = timeline.locator('li', { hasText: 'Artículo de la base de conocimiento' });
  assert.match(await linkedEvent.first().textContent(), /kb-[0-9a-f]+/);
  assert.match(await timeline.textContent(), /Reinicie el grupo de aplicaciones/);
  // Beside the ticket: the linked article by its title, marked as the solution.
  const linked = page.locator('section.knowledge ul.linked > li.article');
  assert.equal(await linked.count(), 1);
  assert.match(await linked.textContent(), /Portal de pagos no carga.*usado como solución/);
  assert.equal(await suggestions.count(), 0, 'a linked article is no longer suggested');

  // The closure report of the resolved ticket, with the article used; printable on its own.
  const report = page.locator('section.closure-report');
  await eventually(async () => (await report.count()) === 1, 'closure report shown');
  assert.match(await report.locator('h2').textContent(), new RegExp(`Informe de cierre · ${number}`));
  assert.match(await report.textContent(), /Reinicie el grupo de aplicaciones/);
  assert.match(await report.textContent(), /Artículo de la base de conocimiento usado\s*Portal de pagos no carga/);
  assert.equal(await report.locator('tr[data-clock="response"]').count(), 1, 'clocks summarised');
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await report.getByRole('button', { name: 'Imprimir informe de cierre' }).click();
  assert.equal(await page.evaluate(() => window.__printed), 1, 'print asked once');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await report.isVisible(), true, 'report printed');
  for (const hidden of ['section.actions', 'section.timeline', 'section.knowledge', 'header.top']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} not printed`);
  }
  assert.equal(await report.locator('button').isVisible(), false, 'no button on paper');
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('section.actions').isVisible(), true);

  // The month's report draws compliance per clock, per customer and per site, each chart an
  // list of bars with a text description, every bar with its label and value written beside it.
  await page.goto(`${app.url}/#/informes`);
  const charts = page.locator('figure.chart');
  await eventually(async () => (await charts.count()) === 3, 'three charts');
  const captions = await charts.locator('figcaption').allTextContents();
  assert.deepEqual(captions, ['Cumplimiento por reloj', 'Cumplimiento por cliente', 'Cumplimiento por sede']);
  for (let i = 0; i < 3; i += 1) {
    const chart = charts.nth(i);
    assert.match(await chart.locator('p.sr-only').textContent(), /Barras horizontales: porcentaje de cumplimiento/);
    const bars = await chart.locator('li.bar-row').count();
    assert.ok(bars > 0, 'a bar per row');
    assert.equal(await chart.locator('li.bar-row .bar-value').count(), bars, 'a value beside every bar');
    assert.equal(await chart.locator('li.bar-row .bar-label').count(), bars, 'a label beside every bar');
  }
  assert.match(await charts.first().textContent(), /Atención/);
});
