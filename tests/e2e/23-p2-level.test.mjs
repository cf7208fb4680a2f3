// P2 (SEWARE): the registration asks for the criticality and the impact, and they suggest the
// functional level the ticket starts at (and the severity): a person answers Alta / Pérdida de
// funcionalidad, sees level 3 suggested with what it means, may change it, confirms it, and the
// ticket starts at level 3. Nothing carries over into the next registration.
import { test, assert, eventually } from './harness.mjs';
import { useProfile } from './profiles.mjs';
import { accessibilityViolations } from './a11y.mjs';

test('P2: criticality and impact suggest the level; the confirmed level 3 is the ticket\'s', async ({ page, app }) => {
  await useProfile(page, app.url, 'p2-seware');
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#impact-criticidad');

  // Nothing chosen and nothing suggested on a fresh form.
  assert.equal(await page.inputValue('#level'), '');
  assert.equal((await page.locator('#level-suggested').textContent()).trim(), '');
  assert.match(await page.locator('#level option[value=""]').textContent(), /Sin elegir \(empieza en Nivel 1: Primer nivel\)/);

  await page.selectOption('#request_kind', 'incidente');
  await page.selectOption('#channel', 'telefono');
  await page.fill('#customer', 'Hospital Central');
  await page.fill('#solicitante', 'Jefe de sistemas');
  await page.fill('#correo', 'sistemas@example.invalid');
  await page.fill('#description', 'El sistema de admisión no abre en ningún equipo');

  // One answer is not enough for a low level; Alta alone already points at level 3.
  await page.selectOption('#impact-impacto', 'perdida_funcionalidad');
  await page.selectOption('#impact-criticidad', 'alta');
  await eventually(async () => (await page.inputValue('#level')) === '3', 'level 3 is pre-selected');
  assert.match(await page.locator('#level-suggested').textContent(),
    /Nivel sugerido por el impacto: Nivel 3: Tercer nivel\. Confírmelo o elija otro\./);
  assert.equal(await page.inputValue('#severity'), 'alta', 'the criticality suggests the severity too');
  assert.match(await page.locator('#severity-suggested').textContent(), /Severidad sugerida por el impacto: Alta/);

  // Beside the choice, what the level means.
  const meaning = (n) => page.locator(`.new-ticket .level-meaning[data-level="${n}"]`);
  await eventually(async () => (await meaning(3).count()) === 1, 'the suggested level is explained');
  assert.match(await meaning(3).textContent(),
    /Nivel elegido: Nivel 3: Tercer nivel.*Área responsableTécnico especializado.*CriticidadAlta.*ImpactoPérdida de funcionalidad.*Solución permanente/);
  assert.deepEqual(await accessibilityViolations(page), [], 'the questions, the level and its meaning, as axe-core sees them');

  // The person may choose another: the note still says what was suggested.
  await page.selectOption('#level', '2');
  await eventually(async () => (await meaning(2).count()) === 1 && (await meaning(3).count()) === 0, 'level 2 is explained instead');
  assert.match(await meaning(2).textContent(), /Asistente técnico.*CriticidadMedia.*ImpactoCrítico/);
  assert.match(await page.locator('#level-suggested').textContent(), /Nivel 3: Tercer nivel/);

  // …and confirms the suggested one.
  await page.selectOption('#level', '3');
  await eventually(async () => (await meaning(3).count()) === 1, 'level 3 is explained again');
  await page.click('button[type=submit]');
  const saved = page.locator('.saved a.ticket-number');
  await saved.waitFor({ timeout: 10_000 });
  const number = (await saved.textContent()).trim();

  // The next registration starts blank: no level, no answers, no suggestion.
  await eventually(async () => (await page.inputValue('#level')) === '', 'the level is not carried over');
  assert.equal(await page.inputValue('#impact-criticidad'), '');
  assert.equal(await page.inputValue('#impact-impacto'), '');
  assert.equal(await page.inputValue('#severity'), '');
  assert.equal((await page.locator('#level-suggested').textContent()).trim(), '');
  assert.equal(await page.locator('.new-ticket .level-meaning').count(), 0);

  // The ticket starts at level 3: its facts say so, and the escalation form explains level 3 as
  // the level it is at.
  await saved.click();
  await eventually(async () => (await page.getByTestId('ticket-number').textContent()) === number, 'the ticket opens');
  await eventually(async () => /NivelNivel 3: Tercer nivel/.test(await page.locator('.facts').textContent()),
    'the ticket shows level 3');
  assert.match(await page.locator('.facts').textContent(), /SeveridadAlta/);
  // The history's registration says at which level it was registered.
  const opening = page.locator('.timeline li.event[data-kind="opened"]');
  assert.match(await opening.textContent(), /Nivel: Nivel 3: Tercer nivel/);
  await page.locator('details.action[data-action="escalate"] summary').click();
  const current = page.locator('.level-meaning[data-level="3"]');
  await eventually(async () => (await current.count()) === 1, 'the current level is level 3');
  assert.match(await current.textContent(), /Nivel actual: Nivel 3: Tercer nivel/);

  // The queue lists it at level 3.
  await page.goto(`${app.url}/#/`);
  const row = page.locator(`li.ticket[data-number="${number}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /Nivel 3/);
});
