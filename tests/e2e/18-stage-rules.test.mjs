// P3 (Cirion): a stage's required_to_leave fields hold the ticket in the stage, and the problem
// names the missing fields beside the stage choice; nothing is recorded.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act, registerAndOpen } from './profiles.mjs';

test('Stages: leaving «Documentación» without its fields names them and records nothing', async ({ page, app }) => {
  await useProfile(page, app.url, 'p3-cirion');
  await registerAndOpen(page, app.url, {
    request_kind: 'tecnico', customer: 'Banco Ejemplo', site: 'Sede Quito', contacto: 'Jefa de TI',
    telefono: '+593 2 000 0000', description: 'Sin enlace de datos en la sede',
  });
  await page.waitForSelector('details.action[data-action="move_stage"]');
  const stageChanges = () => page.locator('section.timeline li', { hasText: 'Cambio de etapa' }).count();
  // Registering entered reception and registration by itself.
  await eventually(async () => (await stageChanges()) === 2, 'entered reception and registration');

  await act(page, 'move_stage', { stage: 'documentacion' });
  await eventually(async () => (await stageChanges()) === 3, 'moved to documentación');

  await act(page, 'move_stage', { stage: 'seguimiento' });
  const problem = page.locator('#a-move_stage-stage-problem');
  await eventually(async () => (await problem.textContent()).length > 0, 'the problem is shown');
  assert.equal(
    (await problem.textContent()).trim(),
    'Para salir de la etapa actual falta: Solución aplicada, Persona que confirma.',
  );
  assert.equal(await stageChanges(), 3, 'nothing recorded');
  assert.match(await page.locator('.ticket-head').textContent(), /Documentación/);
});
