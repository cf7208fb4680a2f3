// The escalation directory edited in Ajustes: every problem beside its field and nothing saved
// while any remains; a level the process still calls cannot be left empty; once saved, the edited
// process is the active one (one version up), #/directorio dials the new numbers, and a reload
// keeps them.
import { test, assert, eventually } from './harness.mjs';
import { useProfile } from './profiles.mjs';

/** This device's process: `{ profile, json }`, the preset's id (or `custom`) and the text of
 * its own process (null for a preset), through the test hook (src/app/test_hooks.rs). */
function activeProcess(page) {
  return page.evaluate(() => window.__mesaTest.processKept());
}

const problem = (page, row, field) => page.locator(`#dir-${row}-${field}-problem`);

test('Directory in Ajustes: problems beside their fields, a called level kept, saved as a new version and dialled', async ({ page, app }) => {
  // P5: customer escalation climbs levels 1 → 2 → 3, and a notification goes to level 1.
  await useProfile(page, app.url, 'p5-megaport');
  await page.goto(`${app.url}/#/ajustes`);
  const rows = page.locator('fieldset.directory-contact');
  await eventually(async () => (await rows.count()) === 3, 'the three contacts of P5');
  assert.equal(await page.locator('#dir-0-role').inputValue(), 'Líder de turno de soporte');
  assert.equal(await page.getByLabel('Nivel', { exact: true }).first().inputValue(), '1');

  // A mobile for level 1, a broken e-mail for level 2, and a new contact left empty.
  await page.fill('#dir-0-mobile', '+57 300 123 4567');
  await page.fill('#dir-1-email', 'gerente@');
  await page.click('#add-directory-contact');
  await eventually(async () => (await rows.count()) === 4, 'a fourth row');
  await page.fill('#dir-3-level', '');
  await page.click('#save-directory');
  await eventually(async () => /No es un correo válido/.test(await problem(page, 1, 'email').textContent()), 'e-mail problem beside the field');
  assert.equal(await page.locator('#dir-1-email').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#dir-0-mobile').getAttribute('aria-invalid'), 'false');
  assert.match(await problem(page, 3, 'role').textContent(), /Escriba el cargo o rol/);
  assert.match(await problem(page, 3, 'level').textContent(), /número entero de 1 a 255/);
  assert.match(await problem(page, 3, 'email').textContent(), /nadie puede ubicar a este contacto/);
  assert.equal(await problem(page, 0, 'mobile').textContent(), '');
  assert.match(await page.locator('#directory-problems').textContent(), /No se guardó el directorio/);
  // Nothing saved: still the preset, and what was typed is still there.
  assert.deepEqual(await activeProcess(page), { profile: 'p5-megaport', json: null });
  assert.equal(await page.locator('#dir-0-mobile').inputValue(), '+57 300 123 4567');

  // Fixed, and level 3's only contact removed: the customer path still climbs to 3.
  await page.fill('#dir-1-email', 'gerente.soporte@example.invalid');
  await page.fill('#dir-3-role', 'Ingeniero de guardia');
  await page.fill('#dir-3-level', '2');
  await page.fill('#dir-3-mobile', '+57 310 555 0101');
  await rows.nth(2).locator('button.remove-directory-contact').click();
  await eventually(async () => (await rows.count()) === 3, 'row removed');
  assert.equal(await page.locator('#dir-2-role').inputValue(), 'Ingeniero de guardia', 'edits survive the re-render');
  await page.click('#save-directory');
  await eventually(async () => /Falta un contacto de nivel 3/.test(await page.locator('#directory-problems').textContent()), 'level 3 still called');
  assert.equal((await activeProcess(page)).profile, 'p5-megaport');

  // The new contact takes level 3: saved, and the app reloads with the edited process.
  await page.fill('#dir-2-level', '3');
  await Promise.all([page.waitForEvent('load'), page.click('#save-directory')]);
  await page.waitForSelector('fieldset.directory-contact');
  const stored = await activeProcess(page);
  assert.equal(stored.profile, 'custom');
  const profile = JSON.parse(stored.json);
  assert.equal(profile.id, 'p5-megaport');
  assert.equal(profile.version, 2);
  assert.deepEqual(profile.escalation.directory.map((c) => [c.id, c.level]), [
    ['lider_turno', 1], ['gerente_soporte', 2], ['ingeniero_de_guardia', 3],
  ]);
  assert.equal(profile.escalation.customer_escalation.path.join(), '1,2,3', 'the rest of the process unchanged');
  assert.equal(await page.locator('#dir-1-email').inputValue(), 'gerente.soporte@example.invalid');

  // The directory page dials the new numbers, and still does after a reload.
  for (const reload of [false, true]) {
    await page.goto(`${app.url}/#/directorio`);
    if (reload) await page.reload();
    await page.waitForSelector('section.directory-level');
    const level = (n) => page.locator(`section.directory-level[data-level="${n}"]`);
    assert.ok(await level(1).locator('a[href="tel:+573001234567"]').count() >= 1, 'level 1 mobile');
    assert.match(await level(3).textContent(), /Ingeniero de guardia/);
    assert.equal(await level(3).locator('a[href="tel:+573105550101"]').count(), 1);
    assert.doesNotMatch(await level(3).textContent(), /Director de operaciones/);
    assert.equal(await level(2).locator('a[href="mailto:gerente.soporte@example.invalid"]').count(), 1);
  }
});

test('Profile import in Ajustes: a broken file is refused with every problem and its place; a valid one is used and exported', async ({ page, app }) => {
  await useProfile(page, app.url, 'p1-sipo');
  await page.goto(`${app.url}/#/ajustes`);
  await page.waitForSelector('#import-profile', { state: 'attached' });
  const p1 = JSON.parse(await page.evaluate(async () => (await fetch('profiles/p1-sipo.json')).text()));

  // A typo in a field name: refused, the path, line and column named, nothing changed.
  const typo = JSON.stringify({ ...p1, severities: [{ ...p1.severities[0], nmae: 'x' }, ...p1.severities.slice(1)] }, null, 2);
  await page.setInputFiles('#import-profile', { name: 'mi-proceso.json', mimeType: 'application/json', buffer: Buffer.from(typo) });
  const errors = page.locator('.profile-errors');
  await errors.waitFor();
  assert.match(await errors.locator('p').first().textContent(), /^mi-proceso\.json no es un perfil válido\. Problemas encontrados: 1\.$/);
  assert.equal(await errors.locator('.profile-error .path').first().textContent(), 'severities[0].nmae');
  assert.match(await errors.locator('.profile-error .place').first().textContent(), /\(línea \d+, columna \d+\)/);
  assert.match(await errors.locator('.profile-error .message').first().textContent(), /unknown field `nmae`/);
  assert.equal(await page.locator('#use-imported').count(), 0);
  assert.deepEqual(await activeProcess(page), { profile: 'p1-sipo', json: null });

  // Well-formed but wrong: every problem at once.
  const wrong = JSON.stringify({ ...p1, default_calendar: 'no-existe', version: 0 });
  await page.setInputFiles('#import-profile', { name: 'mal.json', mimeType: 'application/json', buffer: Buffer.from(wrong) });
  await eventually(async () => /mal\.json no es un perfil válido/.test(await errors.textContent()), 'second file checked');
  const paths = await errors.locator('.profile-error .path').allTextContents();
  assert.ok(paths.includes('default_calendar') && paths.includes('version'), paths.join());

  // A renamed text whose old translation stayed: that translation is named by its path (#18).
  const stale = JSON.stringify({ ...p1, name: 'Soporte API propio', version: 3 });
  await page.setInputFiles('#import-profile', { name: 'viejo.json', mimeType: 'application/json', buffer: Buffer.from(stale) });
  await eventually(async () => /viejo\.json no es un perfil válido/.test(await errors.textContent()), 'third file checked');
  assert.deepEqual(await errors.locator('.profile-error .path').allTextContents(), ['translations.en["Soporte a APIs SIPO"]']);

  // A valid profile of the provider's own (its name's translation renamed with it): checked,
  // then used on request.
  const { 'Soporte a APIs SIPO': _, ...english } = p1.translations.en;
  const translations = { en: { ...english, 'Soporte API propio': 'Own API support' } };
  const own = JSON.stringify({ ...p1, name: 'Soporte API propio', version: 3, translations });
  await page.setInputFiles('#import-profile', { name: 'propio.json', mimeType: 'application/json', buffer: Buffer.from(own) });
  await eventually(async () => (await page.locator('.profile-valid').count()) === 1, 'valid profile shown');
  assert.match(await page.locator('.profile-valid').textContent(), /Perfil válido: Soporte API propio\./);
  assert.equal(await page.locator('.profile-errors').count(), 0);
  await Promise.all([page.waitForEvent('load'), page.click('#use-imported')]);
  await page.waitForSelector('#active-profile');
  assert.equal(await page.locator('#active-profile').textContent(), 'Soporte API propio');
  assert.equal((await activeProcess(page)).profile, 'custom');

  // Exported as it is in use.
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#export-profile')]);
  assert.equal(file.suggestedFilename(), `${p1.id}.json`);
  const exported = JSON.parse(await (await import('node:fs/promises')).readFile(await file.path(), 'utf8'));
  assert.equal(exported.name, 'Soporte API propio');
  assert.equal(exported.version, 3);
  assert.deepEqual(exported.severities, p1.severities);
});
