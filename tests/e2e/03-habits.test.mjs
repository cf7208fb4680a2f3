// Habits: keyboard-only registration, and a phone screen with no horizontal scrolling.
import { join } from 'node:path';
import { test, assert, eventually } from './harness.mjs';
import { registerTicket } from './desk.mjs';

async function tabTo(page, id, max = 40) {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach #${id} with Tab`);
}

test('keyboard only: n opens the form, Tab moves through it, Enter registers', async ({ page, app }) => {
  await page.goto(`${app.url}/#/`);
  // The shortcuts belong to the queue: wait until it is on screen, as a person would.
  await page.waitForSelector('#queue-search');
  await page.keyboard.press('n');
  await page.waitForSelector('#customer');
  await tabTo(page, 'severity');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, 'channel');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, 'customer');
  await page.keyboard.type('Transportes del Bajío');
  await tabTo(page, 'description');
  await page.keyboard.type('No entran llamadas al conmutador');
  await tabTo(page, 'usuario');
  await page.keyboard.type('Recepción');
  await page.keyboard.press('Enter');
  const number = (await page.locator('.ticket-number').textContent({ timeout: 10_000 })).trim();
  assert.match(number, /^CMW-/);
  // Back to the queue with the keyboard: / focuses the search.
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('li.ticket');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'queue-search');
});

test('phone 390×844: queue and ticket fit without horizontal scroll', async ({ browser, app }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  try {
    await page.goto(`${app.url}/#/nueva`);
    await page.waitForSelector('#customer');
    await registerTicket(page, { customer: 'Clínica San Rafael de los Ángeles', user: 'Técnico de guardia', description: 'Sin tono en las extensiones del segundo piso y recepción' });
    await page.goto(`${app.url}/#/`);
    await page.waitForSelector('li.ticket');
    const shots = join(process.cwd(), 'test-results');
    await page.screenshot({ path: join(shots, 'phone-queue.png') });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'queue fits the width');
    await page.locator('li.ticket .number').first().click();
    await page.waitForSelector('li.sla-clock');
    await page.screenshot({ path: join(shots, 'phone-ticket.png'), fullPage: true });
    await eventually(() => page.evaluate(() => document.documentElement.scrollWidth <= 390), 'ticket page fits the width');
  } finally {
    await context.close();
  }
});
