// The holidays of the process's calendars edited in Ajustes: a calendar file (.ics) imported
// (all-day events, a yearly one, a repetition it leaves out and says so), a date that is not one
// named beside its field and nothing saved, then saved as a new version of the process and shown
// again after the reload; a file that is not a calendar says so.
import { test, assert, eventually } from './harness.mjs';
import { useProfile } from './profiles.mjs';

const ics = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Gobierno//Feriados//ES',
  'BEGIN:VEVENT', 'SUMMARY:Día de la Virgen de Guadalupe', 'DTSTART;VALUE=DATE:20261212', 'RRULE:FREQ=YEARLY', 'END:VEVENT',
  'BEGIN:VEVENT', 'SUMMARY:Puente', 'DTSTART;VALUE=DATE:20261214', 'DTEND;VALUE=DATE:20261215', 'END:VEVENT',
  'BEGIN:VEVENT', 'SUMMARY:Reunión semanal', 'DTSTART;VALUE=DATE:20260105', 'RRULE:FREQ=WEEKLY', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

test('Holidays in Ajustes: a calendar imported, a bad date named, saved as a new version and shown again', async ({ page, app }) => {
  // P1's office calendar ships its country's holidays: four every year, six that move (2026, 2027).
  await useProfile(page, app.url, 'p1-sipo');
  await page.goto(`${app.url}/#/ajustes`);
  const rows = page.locator('.holidays-editor fieldset.holiday');
  await eventually(async () => (await rows.count()) === 10, 'the ten holidays of P1');
  assert.equal(await page.locator('#holiday-0-date').inputValue(), '2026-02-02');
  assert.equal(await rows.filter({ has: page.locator('.holiday-yearly input:checked') }).count(), 4);

  // A file that is not a calendar: said, nothing added.
  await page.setInputFiles('#import-holidays', { name: 'notas.ics', mimeType: 'text/calendar', buffer: Buffer.from('hola') });
  await eventually(async () => /no es un calendario/.test(await page.locator('#holidays-import-problem').textContent()), 'not a calendar');
  assert.equal(await rows.count(), 10);

  // The government's calendar: two days added (one yearly), the weekly meeting left out.
  await page.setInputFiles('#import-holidays', { name: 'feriados.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
  await eventually(async () => /Días añadidos del calendario: 2 \(eventos omitidos: 1;/.test(await page.locator('#holidays-imported').textContent()), 'imported');
  assert.equal(await rows.count(), 12);
  assert.equal(await page.locator('#holiday-10-date').inputValue(), '2026-12-14');
  assert.equal(await rows.nth(11).locator('.holiday-yearly input').isChecked(), true, 'the yearly one');

  // A row left without a date: named beside its field (by its label), nothing saved.
  await page.click('#add-holiday');
  await eventually(async () => (await rows.count()) === 13, 'a new row');
  await page.click('#save-holidays');
  await eventually(async () => /corrija lo marcado/.test(await page.locator('#holidays-problems').textContent()), 'not saved');
  assert.equal(await page.locator('#holiday-12-date').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#holiday-12-date-problem').textContent(), /Escriba una fecha válida/);
  assert.equal(await page.locator('#holiday-0-date').getAttribute('aria-invalid'), 'false');

  // Removed: saved, the app reloads with the edited process, and the list is as saved.
  await rows.nth(12).locator('button.remove-holiday').click();
  await eventually(async () => (await rows.count()) === 12, 'row removed');
  await Promise.all([page.waitForEvent('load'), page.click('#save-holidays')]);
  await eventually(async () => (await rows.count()) === 12, 'twelve holidays after the reload');
  const dates = [];
  for (let i = 0; i < 12; i += 1) dates.push(await page.locator(`#holiday-${i}-date`).inputValue());
  assert.ok(dates.includes('2026-12-14'), dates.join());
  const yearly = rows.filter({ has: page.locator('.holiday-yearly input:checked') });
  assert.equal(await yearly.count(), 5);
  const yearlyDays = [];
  for (let i = 0; i < 5; i += 1) yearlyDays.push((await yearly.nth(i).locator('input[type=date]').inputValue()).slice(5));
  assert.deepEqual(yearlyDays, ['01-01', '05-01', '09-16', '12-12', '12-25']);
});
