// P4 (CallMyWay): an S1 incident not restored in time breaches, and the month's report deducts
// it from the affected site's invoice; the report counts it under its channel, the ticket shows
// the channel and the queue filters by it; its closure is categorised, and the report counts it
// under that category.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act } from './profiles.mjs';
import { registerTicket } from './desk.mjs';

test('P4: an S1 ticket breaches and is in that month\'s penalty for its site', async ({ page, app }) => {
  await useProfile(page, app.url, 'p4-callmyway');
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#usuario');
  assert.equal(await page.inputValue('#request_kind'), 'incidente', 'P4 starts on its default kind, incidents');
  await page.fill('#site', 'Monterrey Centro');
  // The impact suggests the severity: affected but working, for everyone, is S2; no service and
  // no workaround is S1. The person still has the last word (registerTicket picks S1 itself).
  assert.equal(await page.inputValue('#severity'), '', 'nothing chosen before the impact is told');
  await page.selectOption('#impact-interrupcion', 'parcial');
  await page.selectOption('#impact-usuarios', 'todos');
  await eventually(async () => (await page.inputValue('#severity')) === 's2', 'S2 suggested');
  assert.match(await page.locator('#severity-suggested').textContent(), /Severidad sugerida por el impacto: S2 Alta/);
  await page.selectOption('#impact-interrupcion', 'total');
  await eventually(async () => (await page.inputValue('#severity')) === 's1', 'S1 suggested');
  const number = await registerTicket(page, { customer: 'Farmacias del Norte', user: 'Gerente de sucursal', description: 'Sin servicio de voz en toda la sucursal', severity: 's1' });
  const month = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });

  // Four days later the 3-hour S1 solution target has long passed (on any day of the week).
  await page.addInitScript(() => { window.__mesaTestClockOffset = 4 * 24 * 3600 * 1000; });
  await page.goto(`${app.url}/#/informes`);
  await page.reload();
  const picker = page.locator('input[type=month]');
  await picker.waitFor();
  await picker.fill(month);
  const penalties = page.locator('section.report-section', { hasText: 'Penalizaciones' });
  await eventually(async () => (await penalties.textContent()).includes(number), 'the breached ticket is behind a penalty', 20_000);
  assert.match(await page.locator('#report-freshness').textContent(), /que no se ha sincronizado/, 'a device that never synced says so');
  const siteRow = penalties.locator('tr', { hasText: 'Monterrey Centro' });
  assert.equal(await siteRow.count(), 1, 'the affected site has its own deduction');
  assert.ok((await siteRow.textContent()).includes(number), 'the site deduction lists the ticket');

  // Tickets per channel: the ticket came in through Mexico's phone line.
  const mexico = page.locator('section.report-channels tr[data-code="tel_mx"]');
  assert.equal(await mexico.count(), 1, 'the channel has its row');
  assert.ok((await mexico.textContent()).includes(number), 'the channel row lists the ticket');
  assert.equal(await page.locator('section.report-channels tbody tr').count(), 1, 'only channels with tickets');

  // The channel on the ticket page, and the queue filtered by channel.
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector(`li.ticket[data-number="${number}"]`);
  await page.locator('details.filters summary').click();
  await page.selectOption('#filter-channel', 'whatsapp');
  await eventually(async () => (await page.locator('li.ticket').count()) === 0, 'no ticket came in by WhatsApp');
  await page.selectOption('#filter-channel', 'tel_mx');
  await page.waitForSelector(`li.ticket[data-number="${number}"]`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  await page.waitForSelector('.facts');
  assert.match(await page.locator('.facts').textContent(), /CanalTeléfono México/);

  // Closure is categorised (P4): the category is asked for by its label, then recorded beside the
  // free-text root cause, and the report counts the ticket under it.
  await act(page, 'resolve', { root_cause: 'Troncal SIP del operador caída', solution: 'Se enrutó por el operador de respaldo', confirmed_by: 'Gerente de sucursal' });
  await eventually(async () => (await page.locator('#a-resolve-category-problem').textContent()) === 'Este campo es obligatorio.',
    'the category is asked for');
  assert.match(await page.locator('label[for="a-resolve-category"]').textContent(), /Categoría de cierre/);
  await act(page, 'resolve', { category: 'operador' });
  await eventually(async () => (await page.getByTestId('ticket-status').textContent()).trim() === 'Resuelta', 'ticket resolved');
  assert.match(await page.locator('.closure-report').textContent(), /Categoría de cierreOperador de tránsito/);
  await page.goto(`${app.url}/#/informes`);
  await page.locator('input[type=month]').fill(month);
  const operator = page.locator('section.report-categories tr[data-code="operador"]');
  await eventually(async () => (await operator.count()) === 1 && (await operator.textContent()).includes(number),
    'the report counts the ticket under its closure category');

  // The report's two CSV files, as a spreadsheet opens them: one table each, in Spanish, the
  // BOM for the accents, the ticket's codes as their names.
  const download = async (button) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const text = await (await import('node:fs/promises')).readFile(await file.path(), 'utf8');
    return { name: file.suggestedFilename(), text };
  };
  const tickets = await download('#report-export-tickets');
  assert.equal(tickets.name, `informe-${month}-incidencias.csv`);
  assert.ok(tickets.text.startsWith('\ufeffNúmero,Identificador,Cliente,Sede,Tipo,Severidad,Nivel inicial,Nivel actual,Estado,Reportada (America/Mexico_City)'),
    tickets.text.slice(0, 200));
  const row = tickets.text.split('\r\n').find((line) => line.startsWith(`${number},`));
  assert.ok(row, 'the ticket has its row');
  assert.ok(row.includes(',Teléfono México,'), `the channel by its name: ${row}`);
  assert.ok(!tickets.text.includes('\r\n\r\n'), 'one table');
  const summary = await download('#report-export-summary');
  assert.equal(summary.name, `informe-${month}-resumen.csv`);
  assert.ok(summary.text.startsWith('\ufeffSección,Cliente,Sede o dispositivo,Concepto,Valor,Incidencias\r\n'));
  assert.ok(summary.text.includes('Incidencias por canal,,,Teléfono México,1,'), 'tickets per channel, named');

  // The customer's own report: its tickets only, headed with its name (and the site's), printed
  // on its own.
  await page.selectOption('#report-customer', 'Farmacias del Norte');
  await eventually(async () => (await page.locator('#report-scope').textContent()) === 'Informe para Farmacias del Norte',
    'the report says whom it is for');
  await page.selectOption('#report-site', 'Monterrey Centro');
  await eventually(async () => (await page.locator('#report-scope').textContent())
    === 'Informe para Farmacias del Norte · sede Monterrey Centro', 'and which site');
  await eventually(async () => (await penalties.textContent()).includes(number), 'the site\'s penalty lists the ticket');
  await page.selectOption('#report-customer', '');
  assert.equal(await page.locator('#report-scope').count(), 0, 'the whole desk again');
});
