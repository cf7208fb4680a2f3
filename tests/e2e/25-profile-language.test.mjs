// The process in the reader's language (#18, «Language»): with English chosen, P3's texts —
// the form's request kinds and field labels, the queue's filters, the ticket page's kind and
// stage — read in English (the profile carries both languages). The messages to customers
// follow the desk's message language, not a screen's: queued in Spanish while the desk writes
// Spanish, in English with English stage names once Ajustes › Vocabulario says English (for the
// tickets opened under that version of the process, as their clocks).
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act, registerAndOpen } from './profiles.mjs';

async function addCustomer(page, url) {
  await page.goto(`${url}/#/ajustes`);
  await page.waitForSelector('#add-customer');
  await page.click('#add-customer');
  const card = page.locator('fieldset.customer').last();
  await card.locator('input.customer-name').fill('Banco Andino');
  await card.locator('button.add-contact').click();
  const row = card.locator('.contact-row').first();
  await row.locator('input.contact-name').fill('NOC Banco Andino');
  await row.locator('input.contact-role').fill('notificaciones');
  await row.locator('input.contact-email').fill('noc@banco-andino.example');
  await card.locator('button.add-site').click();
  const site = card.locator('.site-row').first();
  await site.locator('input.site-name').fill('Matriz Quito');
  await site.locator('input.site-city').fill('Quito');
  await site.locator('select.site-class').selectOption('principal');
  await page.click('#save-customers');
  await page.waitForSelector('.customers .saved:not(:empty)');
}

const optionTexts = (page, select) =>
  page.locator(`${select} option`).evaluateAll((os) => os.map((o) => o.textContent.trim()));

/** The notifications listed on the ticket page, newest first. */
async function notifications(page) {
  return page.locator('section.notifications li.notification').evaluateAll((items) =>
    items.map((li) => ({
      subject: li.querySelector('.notification-subject').textContent,
      body: li.querySelector('.notification-body').textContent,
    })));
}

const head = (page) => page.locator('.ticket-head').first().textContent();

test('P3 in English: the form, the queue and the ticket; messages in the desk\'s language', async ({ page, app }) => {
  await useProfile(page, app.url, 'p3-cirion');
  await addCustomer(page, app.url);

  // English chosen in the header.
  await page.selectOption('#language', 'en');
  await eventually(async () => (await page.locator('header nav a.primary').textContent()).trim() === 'New case',
    'the header in English');

  // The form: the process's kinds and labels in English, nothing of them left in Spanish.
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#description');
  await eventually(async () => (await optionTexts(page, '#request_kind')).includes('Technical request'),
    'the kinds in English');
  const kinds = await optionTexts(page, '#request_kind');
  assert.ok(kinds.includes('Administrative request (sales, billing)'), kinds.join(' | '));
  assert.ok(!kinds.some((k) => /Requerimiento/.test(k)), kinds.join(' | '));
  const labels = await page.locator('form label').evaluateAll((ls) => ls.map((l) => l.textContent.trim()));
  for (const label of ['Customer company', 'Site', 'Contact name', 'Contact phone', 'Symptoms']) {
    assert.ok(labels.some((l) => l.startsWith(label)), `${label} in ${labels.join(' | ')}`);
  }
  for (const spanish of ['Empresa cliente', 'Nombre del contacto', 'Síntomas']) {
    assert.ok(!labels.some((l) => l.includes(spanish)), `${spanish} in ${labels.join(' | ')}`);
  }

  const number = await registerAndOpen(page, app.url, {
    request_kind: 'tecnico', customer: 'Banco Andino', site: 'Matriz Quito', contacto: 'Carla Mena',
    telefono: '+593 99 123 4567', description: 'Enlace de datos caído en la matriz',
  });

  // The ticket page: its kind and stage in English.
  await page.waitForSelector('section.notifications');
  await eventually(async () => (await head(page)).includes('Registration and case opening'), 'the stage in English');
  const facts = await head(page);
  assert.ok(facts.includes('Technical request'), facts);
  assert.ok(!facts.includes('Requerimiento técnico') && !facts.includes('Registro y apertura'), facts);
  // The message queued at registration is in the desk's language (Spanish), whatever the screen's.
  await eventually(async () => (await notifications(page)).length === 1, 'registration queued its message');
  const [registered] = await notifications(page);
  assert.ok(registered.subject.includes('etapa «Registro y apertura del caso»'), registered.subject);
  assert.ok(registered.body.startsWith('Estimado cliente:'), registered.body);

  // The queue: its filters name the process's kinds in English, and the ticket is listed.
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector(`li.ticket[data-number="${number}"]`);
  const filterKinds = await optionTexts(page, '#filter-kind');
  assert.ok(filterKinds.includes('Technical request'), filterKinds.join(' | '));
  assert.ok(!filterKinds.some((k) => /Requerimiento/.test(k)), filterKinds.join(' | '));

  // Ajustes: the desk writes to its customers in English from now on (a new process version).
  await page.goto(`${app.url}/#/ajustes`);
  await page.waitForSelector('#message-language');
  assert.equal(await page.inputValue('#message-language'), 'es');
  // The directory is edited as the process writes it, each role's English beside it.
  assert.equal(await page.inputValue('#dir-0-role'), 'Supervisores TSC');
  assert.equal((await page.locator('.dir-role .role-translated').first().textContent()).trim(),
    'In English: TSC supervisors');
  const field = await page.locator('label', { has: page.locator('#message-language') }).textContent();
  assert.ok(field.includes('Language of messages to customers'), field);
  await page.selectOption('#message-language', 'en');
  await Promise.all([page.waitForEvent('load'), page.click('#save-message-language')]);
  await page.goto(`${app.url}/#/ajustes`);
  await page.waitForSelector('#message-language');
  assert.equal(await page.inputValue('#message-language'), 'en');

  // A ticket keeps the process version it was opened under (its clocks, its messages); one
  // registered now is written to in English, with the stages' English names.
  const second = await registerAndOpen(page, app.url, {
    request_kind: 'tecnico', customer: 'Banco Andino', site: 'Matriz Quito', contacto: 'Carla Mena',
    telefono: '+593 99 123 4567', description: 'Sin servicio de internet',
  });
  await page.waitForSelector('section.notifications');
  await eventually(async () => (await notifications(page)).length === 1, 'registration queued its message');
  const [opening] = await notifications(page);
  assert.ok(opening.subject.includes(`Case ${second} — stage “Registration and case opening”`), opening.subject);
  assert.ok(opening.body.startsWith('Dear customer,'), opening.body);
  await act(page, 'move_stage', { stage: 'diagnostico' });
  await eventually(async () => (await head(page)).includes('Diagnosis'), 'the ticket is in diagnosis');
  await eventually(async () => (await notifications(page)).length === 2, 'diagnosis queued its message');
  const [diagnosis] = await notifications(page);
  assert.ok(diagnosis.subject.includes(`Case ${second} — stage “Diagnosis”`), diagnosis.subject);
  assert.ok(diagnosis.body.startsWith('Dear customer,'), diagnosis.body);
  assert.ok(diagnosis.body.includes('moved to the stage “Diagnosis”'), diagnosis.body);
  assert.ok(diagnosis.body.includes('Next stage: “Action plan / field dispatch”'), diagnosis.body);
  assert.ok(!/Diagnóstico|Estimado|etapa/.test(`${diagnosis.subject} ${diagnosis.body}`), diagnosis.body);

  // The first ticket still writes in Spanish, as the version it was opened under.
  await page.goto(`${app.url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  await page.waitForSelector('section.notifications');
  await act(page, 'move_stage', { stage: 'diagnostico' });
  await eventually(async () => (await notifications(page)).length === 2, 'diagnosis queued its message');
  const [earlier] = await notifications(page);
  assert.ok(earlier.subject.includes('etapa «Diagnóstico»'), earlier.subject);
});
