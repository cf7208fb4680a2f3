// P3's field dispatch, as a dispatcher works it: the dispatch agreed starts the travel to the
// site, with its goal from the site's city class (3 h to a main city); «Hito cumplido» marks the
// technician on site, which stops the travel and starts the field solution's own clock (< 4 h).
// Five hours later the field solution is overdue: the due runner records the breach, the
// first escalation level's message is queued, and the monthly report lists both milestones.
import { test, assert, eventually } from './harness.mjs';
import { act, openBancoAndinoCase } from './profiles.mjs';

const milestoneClock = (page) => page.locator('li.sla-clock[data-clock="milestone"]');

test('P3: the travel runs from the dispatch, the field solution from the arrival, each with its goal', async ({ page, app }) => {
  const number = await openBancoAndinoCase(page, app.url);
  await page.waitForSelector('section.clocks');
  // The month the case was reported in, in the desk's zone (Guayaquil, UTC-5).
  const month = new Date(Date.now() - 5 * 3600 * 1000).toISOString().slice(0, 7);
  // Nothing to mark and no milestone clock before the dispatch.
  assert.equal(await milestoneClock(page).count(), 0);
  assert.equal(await page.locator('details.action[data-action="reach_milestone"]').count(), 0);

  // The dispatch takes the site and its city class from the customer's record.
  await act(page, 'dispatch');
  await eventually(async () => (await milestoneClock(page).count()) === 1, 'the travel clock runs');
  const travel = milestoneClock(page);
  assert.equal((await travel.locator('.clock-name').textContent()).trim(), 'Hito: Traslado a la sede');
  assert.equal(await travel.getAttribute('data-state'), 'running');
  assert.match(await travel.locator('.clock-target').textContent(), /Meta: 3 h 0 min/);
  // «¿Por qué?» says the clock started when the dispatch was agreed.
  await travel.locator('button.why').click();
  assert.match(await travel.locator('ol.explain').textContent(), /al acordarse el despacho/);

  // The technician is on site: the travel is met, the field solution starts with 4 h.
  const mark = page.locator('details.action[data-action="reach_milestone"]');
  await mark.locator('summary').click();
  assert.match(await mark.locator('.milestone-next').textContent(), /«Traslado a la sede»/);
  await act(page, 'reach_milestone');
  await eventually(async () => (await milestoneClock(page).locator('.clock-name').textContent()).includes('Solución en campo'),
    'the field solution clock runs');
  assert.match(await milestoneClock(page).locator('.clock-target').textContent(), /Meta: 4 h 0 min/);
  const stay = page.locator('li.stage-stay[data-stage="despacho"]');
  await eventually(async () => (await stay.locator('li.milestone').count()) === 2, 'both milestones listed in the stay');
  assert.match(await stay.locator('li.milestone').first().textContent(), /Traslado a la sede · Cumplido/);
  assert.match(await page.locator('section.timeline').textContent(), /Hito cumplido/);

  // Five hours later the field solution is overdue.
  await page.addInitScript(() => { window.__mesaTestClockOffset = 5 * 3600 * 1000; });
  await page.reload();
  await page.waitForSelector('section.clocks');
  await page.waitForFunction(() => (window.__mesaDuePasses ?? 0) >= 1);
  await eventually(async () => (await milestoneClock(page).getAttribute('data-state')) === 'breached',
    'the field solution is breached');
  await eventually(async () => (await page.locator('.timeline li[data-kind="clock_breached"]').count()) === 1,
    'the breach is recorded once');
  // The first escalation level is told (the supervisors, or the after-hours line at night and
  // on weekends), once.
  const first = page.locator('section.notifications li.notification', { hasText: 'fuera de meta: supervisores TSC' });
  await eventually(async () => (await first.count()) === 1, 'the first escalation level is told once');

  // The monthly report of the month the case was reported in lists both milestones.
  await page.goto(`${app.url}/#/informes`);
  const picker = page.locator('input[type=month]');
  await picker.waitFor();
  await picker.fill(month);
  const table = page.locator('.report-table').first();
  await eventually(async () => /Hito: Solución en campo/.test(await table.textContent()), 'the field solution row');
  const field = page.locator('.report-table tr', { hasText: 'Hito: Solución en campo' }).first();
  assert.ok((await field.textContent()).includes(number), 'the overdue case is behind the field solution figure');
  assert.match(await table.textContent(), /Hito: Traslado a la sede/);
});
