// A phone (390×844) as a technician holds it: no page scrolls sideways, the header takes less
// than a fifth of the screen, and the report's bar labels are not cut (issue #15).
import { test, assert } from './harness.mjs';
import { registerTicket, openPage } from './desk.mjs';

const PAGES = ['#/', '#/nueva', '#/datos', '#/sincronizar', '#/ajustes', '#/informes', '#/conocimiento', '#/directorio'];

test('phone: no page scrolls sideways, the header is under a fifth of the screen, report labels whole', async ({ page, app }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openPage(page, app.url, '#/nueva');
  await page.fill('#site', 'Sucursal Monterrey Centro Norte, edificio corporativo');
  await registerTicket(page, {
    customer: 'Farmacias del Norte de México, Sociedad Anónima de Capital Variable',
    user: 'Gerente de sucursal', description: 'Sin servicio de voz en toda la sucursal', severity: 's1',
  });
  await openPage(page, app.url, '#/');
  await page.waitForSelector('li.ticket a.number');
  const ticket = (await page.getAttribute('li.ticket a.number', 'href')).replace(/^.*#/, '#');

  const problems = [];
  for (const hash of [...PAGES, ticket]) {
    await openPage(page, app.url, hash);
    const { scroll, width, header } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: window.innerWidth,
      header: document.querySelector('header.top').getBoundingClientRect().height,
    }));
    if (scroll > width) problems.push(`${hash}: the page is ${scroll}px wide on a ${width}px screen`);
    if (header >= 844 / 5) problems.push(`${hash}: the header is ${header}px tall`);
  }
  assert.deepEqual(problems, []);

  // The report's bars: every label inside its chart, in a legible size.
  await openPage(page, app.url, '#/informes');
  const labels = await page.evaluate(() => [...document.querySelectorAll('.chart .bar-label')].map((l) => {
    const box = l.getBoundingClientRect();
    const chart = l.closest('.chart').getBoundingClientRect();
    return { text: l.textContent, inside: box.left >= chart.left - 1 && box.right <= chart.right + 1, px: parseFloat(getComputedStyle(l).fontSize) };
  }));
  assert.ok(labels.length > 0, 'the report has bars');
  for (const l of labels) {
    assert.ok(l.inside, `the label «${l.text}» is cut`);
    assert.ok(l.px >= 11, `the label «${l.text}» is ${l.px.toFixed(1)}px: not legible`);
  }
});
