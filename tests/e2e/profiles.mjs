// Test set-up helpers shared by the per-process journeys.

/**
 * Makes `id` the desk's active process the way a dispatcher does: Ajustes › «Usar este proceso»
 * (published to the desk as an event; the page reloads to run it), then back to the queue.
 */
export async function useProfile(page, url, id) {
  await page.goto(`${url}/#/ajustes`);
  const preset = page.locator(`input[name=preset][value="${id}"]`);
  await preset.waitFor();
  await preset.check();
  const use = page.locator('#use-preset');
  if (await use.isEnabled()) {
    await Promise.all([page.waitForEvent('load'), use.click()]);
  }
  await page.goto(`${url}/#/`);
  await page.waitForSelector('#queue-search');
}

/** Opens an action's form on the ticket page, fills `fields` (id suffix → value), submits it. */
export async function act(page, action, fields = {}) {
  const box = page.locator(`details.action[data-action="${action}"]`);
  await box.locator('summary').click();
  await box.evaluate((el) => { el.open = true; });
  for (const [field, value] of Object.entries(fields)) {
    const input = box.locator(`#a-${action}-${field}`);
    if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
  await box.evaluate((el) => { el.open = true; });
  await box.locator('button[type=submit]').click();
}

/** The `data-state` of one clock on the ticket page. */
export function clockState(page, clock) {
  return page.locator(`li.sla-clock[data-clock="${clock}"]`).getAttribute('data-state');
}

/**
 * Registers a ticket on «Nueva» as a person does, then opens it from the queue; returns its
 * number. `fields`: field id → value, in the order a person fills them (a select is chosen, an
 * input filled; the request kind first, since it decides which fields the form asks for).
 */
export async function registerAndOpen(page, url, fields) {
  await page.goto(`${url}/#/nueva`);
  await page.waitForSelector('#description');
  for (const [id, value] of Object.entries(fields)) {
    const input = page.locator(`#${id}`);
    if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
  await page.click('button[type=submit]');
  const number = (await page.locator('.ticket-number').textContent({ timeout: 10_000 })).trim();
  await page.goto(`${url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  return number;
}
