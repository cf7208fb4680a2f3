// P2 (SEWARE, 24×7 service desk): a ticket climbs the escalation directory from the service-desk
// operator (level 1) to the technology director (level 4), each step recorded in the history.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act } from './profiles.mjs';

test('P2: escalate level 1 → 4 through the escalation directory', async ({ page, app }) => {
  await useProfile(page, app.url, 'p2-seware');
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#solicitante');
  await page.selectOption('#request_kind', 'incidente');
  await page.fill('#customer', 'Secretaría de Finanzas');
  await page.fill('#solicitante', 'Jefe de sistemas');
  await page.fill('#correo', 'sistemas@example.invalid');
  await page.fill('#description', 'El portal de pagos no carga desde las 8:00');
  await page.click('button[type=submit]');
  const number = (await page.locator('.ticket-number').textContent({ timeout: 10_000 })).trim();

  await page.goto(`${app.url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  await page.waitForSelector('details.action[data-action="escalate"]');

  const roles = ['Líder de mesa de servicio', 'Líder de proyecto', 'Director de tecnología'];
  for (const [i, role] of roles.entries()) {
    const select = page.locator('#a-escalate-escalation');
    await page.locator('details.action[data-action="escalate"] summary').click();
    const value = await select.evaluate((el, wanted) =>
      [...el.options].find((o) => o.textContent.startsWith(wanted))?.value, role);
    assert.ok(value, `the directory offers ${role}`);
    await act(page, 'escalate', { escalation: value });
    await eventually(async () => (await page.locator('.timeline, .history').first().textContent()).split('Escalada').length - 1 === i + 1,
      `${i + 1} escalations in the history`);
  }
  const history = await page.locator('.timeline, .history').first().textContent();
  assert.match(history, /Director de tecnología|nivel 4/);
});
