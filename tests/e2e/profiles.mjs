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

/**
 * Adds the P3 journeys' customer in Ajustes as a dispatcher does: Banco Andino, two contacts with
 * the role the process notifies and one without, and its site «Matriz Quito» in a city of
 * `siteClass` («principal» unless said).
 */
export async function addBancoAndino(page, url, siteClass = 'principal') {
  await page.goto(`${url}/#/ajustes`);
  await page.waitForSelector('#add-customer');
  await page.click('#add-customer');
  const card = page.locator('fieldset.customer').last();
  await card.locator('input.customer-name').fill('Banco Andino');
  for (let i = 0; i < 3; i++) await card.locator('button.add-contact').click();
  const contacts = [
    ['NOC Banco Andino', 'notificaciones', 'noc@banco-andino.example'],
    ['Jefa de TI', 'notificaciones', 'ti@banco-andino.example'],
    ['Ventas', 'comercial', 'ventas@banco-andino.example'],
  ];
  for (const [i, [name, role, email]] of contacts.entries()) {
    const row = card.locator('.contact-row').nth(i);
    await row.locator('input.contact-name').fill(name);
    await row.locator('input.contact-role').fill(role);
    await row.locator('input.contact-email').fill(email);
  }
  await card.locator('button.add-site').click();
  const site = card.locator('.site-row').first();
  await site.locator('input.site-name').fill('Matriz Quito');
  await site.locator('input.site-city').fill('Quito');
  await site.locator('select.site-class').selectOption(siteClass);
  await page.click('#save-customers');
  await page.waitForSelector('.customers .saved:not(:empty)');
}

/**
 * The P3 journeys' start: P3 in use, Banco Andino on file (its site in a city of `siteClass`), and
 * a technical case registered for its site «Matriz Quito» and opened; returns its number.
 */
export async function openBancoAndinoCase(page, url, siteClass = 'principal') {
  await useProfile(page, url, 'p3-cirion');
  await addBancoAndino(page, url, siteClass);
  return registerAndOpen(page, url, {
    request_kind: 'tecnico', customer: 'Banco Andino', site: 'Matriz Quito', contacto: 'Carla Mena',
    telefono: '+593 99 123 4567', description: 'Enlace de datos caído en la matriz',
  });
}
