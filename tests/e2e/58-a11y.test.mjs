// Accessibility stays at what the first-use trial measured (axe: no violations; Lighthouse
// accessibility 100): axe-core on every page, with data on them, in Spanish and in English, on a
// desktop and on a phone.
import { test, assert } from './harness.mjs';
import { registerTicket, openPage } from './desk.mjs';
import { accessibilityViolations } from './a11y.mjs';

const PAGES = [
  ['queue', '#/'],
  ['new ticket', '#/nueva'],
  ['data', '#/datos'],
  ['sync', '#/sincronizar'],
  ['settings', '#/ajustes'],
  ['reports', '#/informes'],
  ['knowledge base', '#/conocimiento'],
  ['directory', '#/directorio'],
];

async function checkEveryPage(page, url, ticketHref, label) {
  const found = [];
  for (const [name, hash] of [...PAGES, ['ticket', ticketHref]]) {
    await openPage(page, url, hash);
    for (const line of await accessibilityViolations(page)) found.push(`${label} ${name}: ${line}`);
  }
  return found;
}

test('accessibility: axe-core finds no violation on any page, in Spanish and English, desktop and phone', async ({ page, app }) => {
  await openPage(page, app.url, '#/nueva');
  await registerTicket(page, { customer: 'Farmacias del Norte', user: 'Laura Gómez', description: 'Sin tono en la sede norte', severity: 's1' });
  await openPage(page, app.url, '#/');
  await page.waitForSelector('li.ticket a.number');
  const ticketHref = (await page.getAttribute('li.ticket a.number', 'href')).replace(/^.*#/, '#');

  const found = await checkEveryPage(page, app.url, ticketHref, 'es');
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  found.push(...await checkEveryPage(page, app.url, ticketHref, 'en'));
  await page.setViewportSize({ width: 390, height: 844 });
  found.push(...await checkEveryPage(page, app.url, ticketHref, 'phone'));
  assert.deepEqual(found, [], `axe-core violations:\n${found.join('\n')}`);
});
