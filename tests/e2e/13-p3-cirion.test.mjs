// P3 (Cirion / CenturyLink, seven stages): every stage change notifies the customer company's
// configured contacts. From a fresh browser profile, through the real UI: the customer and its
// contacts are added in Ajustes, a technical ticket is registered for one of its sites (which
// enters reception and registration by itself, registration's message queued) and walked through
// the other stages (resolved in documentation, as its stage rules require); after each change the
// ticket lists one more queued message to those contacts naming the stage. One is sent through its mailto link (subject and body checked) and marked sent;
// after a reload the states are still there.
import { test, assert, eventually } from './harness.mjs';
import { useProfile, act, openBancoAndinoCase } from './profiles.mjs';

const STAGES = [
  ['recepcion', 'Recepción del reporte'],
  ['registro', 'Registro y apertura del caso'],
  ['diagnostico', 'Diagnóstico'],
  ['despacho', 'Plan de acción / despacho a campo'],
  ['documentacion', 'Documentación y verificación de la solución'],
  ['seguimiento', 'Seguimiento de estabilidad'],
  ['cierre', 'Cierre del caso'],
];

/** The notifications listed on the ticket page, newest first. */
async function notifications(page) {
  return page.locator('section.notifications li.notification').evaluateAll((items) =>
    items.map((li) => ({
      state: li.dataset.state,
      to: li.querySelector('.notification-to').textContent,
      subject: li.querySelector('.notification-subject').textContent,
      body: li.querySelector('.notification-body').textContent,
      href: li.querySelector('a.notification-mailto')?.getAttribute('href') ?? null,
    })));
}

test('P3: each stage change queues a message to the customer contacts; one sent and kept', async ({ page, app }) => {
  const number = await openBancoAndinoCase(page, app.url);
  await page.waitForSelector('section.notifications');
  // Registering entered reception, then registration, with no click: registration's message.
  await eventually(async () => (await page.locator('.ticket-head, .summary').first().textContent()).includes(STAGES[1][1]),
    'the ticket is in registration');
  await eventually(async () => (await notifications(page)).length === 1, 'registration queued its message');
  const [registered] = await notifications(page);
  assert.ok(registered.subject.includes(`etapa «${STAGES[1][1]}»`), registered.subject);
  assert.equal(registered.to, 'noc@banco-andino.example, ti@banco-andino.example');

  // Dispatching offers the ticket's site and takes its city class from the customer's record.
  const dispatchBox = page.locator('details.action[data-action="dispatch"]');
  await dispatchBox.locator('summary').click();
  await dispatchBox.evaluate((el) => { el.open = true; });
  assert.equal(await page.locator('#a-dispatch-site').inputValue(), 'Matriz Quito');
  await eventually(async () => (await page.locator('#a-dispatch-city_class').inputValue()) === 'principal',
    'the city class of the site, from the customer record');
  await dispatchBox.evaluate((el) => { el.open = false; });

  let expected = 1;
  for (const [stage, name] of STAGES.slice(2)) {
    if (stage === 'seguimiento') {
      // Documentation is left only with the solution and the customer's confirming person: the
      // ticket is resolved there, and the resolution itself enters the stability follow-up (the
      // profile's `entered_on`), then walks its last stage resolved.
      await act(page, 'resolve', {
        root_cause: 'Fibra cortada en la última milla',
        solution: 'Empalme de fibra en campo',
        affected_minutes: '95',
        confirmed_by: 'Carla Mena',
      });
      await eventually(async () => /Resuelto/.test(await page.locator('.ticket-page').textContent()), 'ticket resolved');
    } else {
      await act(page, 'move_stage', { stage });
    }
    await eventually(async () => (await page.locator('.ticket-head, .summary').first().textContent()).includes(name),
      `the ticket is in ${name}`);
    expected += 1;
    await eventually(async () => (await notifications(page)).length === expected,
      `${expected} notification(s) after ${stage}`);
    const [newest] = await notifications(page);
    assert.equal(newest.state, 'queued');
    assert.equal(newest.to, 'noc@banco-andino.example, ti@banco-andino.example', 'the contacts of the role, not sales');
    assert.ok(newest.subject.includes(`etapa «${name}»`), newest.subject);
    assert.ok(newest.subject.includes(number), newest.subject);
    assert.ok(newest.body.includes(`pasó a la etapa «${name}»`), newest.body);
    assert.ok(newest.body.includes('Sede: Matriz Quito'), newest.body);
  }

  // Send the diagnosis message (third from the bottom of six, newest first).
  const list = await notifications(page);
  const diag = list.findIndex((n) => n.subject.includes('«Diagnóstico»'));
  assert.ok(diag >= 0);
  const { href, subject, body } = list[diag];
  assert.ok(href.startsWith('mailto:noc@banco-andino.example,ti@banco-andino.example?subject='), href);
  const query = new URLSearchParams(href.slice(href.indexOf('?') + 1).replace(/\+/g, '%2B'));
  assert.equal(query.get('subject'), subject);
  assert.equal(query.get('body').replace(/\r\n/g, '\n'), body);
  assert.ok(!/[ \n]/.test(href), 'subject and body are percent-encoded');

  const item = page.locator('section.notifications li.notification').nth(diag);
  await item.locator('button.mark-sent').click();
  await page.waitForSelector('section.notifications p.saved');
  await eventually(async () => (await notifications(page))[diag].state === 'sent', 'marked sent');
  assert.equal((await notifications(page)).filter((n) => n.state === 'sent').length, 1);

  await page.reload();
  await page.waitForSelector('section.notifications li.notification');
  const after = await notifications(page);
  assert.equal(after.length, 6);
  assert.deepEqual(after.map((n) => n.state), list.map((_, i) => (i === diag ? 'sent' : 'queued')));
  assert.equal(await item.locator('button.mark-sent').count(), 0, 'a sent message offers no second marking');
});

test('P3: a message that finds no contact says whom it lacks in words and offers the reporter\'s e-mail', async ({ page, app }) => {
  await useProfile(page, app.url, 'p3-cirion');
  // Where contacts are entered, Ajustes says which role the process writes to.
  await page.goto(`${app.url}/#/ajustes`);
  await page.waitForSelector('#notified-roles');
  assert.match(await page.locator('#notified-roles').textContent(), /rol «notificaciones»/);

  // A customer not on file: nobody has the role.
  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#contacto');
  await page.selectOption('#request_kind', 'tecnico');
  await page.fill('#customer', 'Cooperativa Sur');
  await page.fill('#site', 'Agencia Centro');
  await page.fill('#contacto', 'Luis Paz');
  await page.fill('#telefono', '+593 99 765 4321');
  await page.fill('#correo', 'luis.paz@cooperativa-sur.example');
  await page.fill('#description', 'Sin enlace en la agencia');
  await page.click('button[type=submit]');
  const number = (await page.locator('.ticket-number').textContent({ timeout: 10_000 })).trim();
  await page.goto(`${app.url}/#/`);
  await page.locator('li.ticket .number', { hasText: number }).click();
  // Registration entered the stage that notifies.
  const item = page.locator('section.notifications li.notification[data-no-recipients="true"]');
  await eventually(async () => (await item.count()) === 1, 'a message with no recipient');
  const to = await item.locator('.notification-to').textContent();
  assert.match(to, /contactos del cliente con el rol «notificaciones»/);
  assert.doesNotMatch(to, /customer_role/, 'no internal code');
  const offer = item.locator('a.notification-to-reporter');
  assert.equal((await offer.textContent()).trim(), 'Enviar a quien reportó (luis.paz@cooperativa-sur.example)');
  assert.ok((await offer.getAttribute('href')).startsWith('mailto:luis.paz@cooperativa-sur.example?subject='));
});
