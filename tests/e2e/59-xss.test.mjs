// Hostile text is only text: an XSS corpus typed into the free-text fields (ticket, comment,
// knowledge base article) is shown literally everywhere it appears (the queue, the ticket, the
// article, the tickets' CSV) and creates no element, runs
// nothing and opens no dialog. The page's policy would stop an inline script anyway; this checks
// the rendering itself, so a policy mistake would not be the only guard.
import { test, assert, eventually } from './harness.mjs';
import { registerTicket } from './desk.mjs';
import { act } from './profiles.mjs';
import { CORPUS, HOSTILE, injected } from './xss.mjs';

// A long text: 100 KB in one field is stored and shown, not cut, not a hang.
const LONG = 'A'.repeat(100_000);

test('XSS corpus: typed into every free-text field, shown as text, creates and runs nothing', async ({ page, app }) => {
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

  await page.goto(`${app.url}/#/nueva`);
  await page.waitForSelector('#customer');
  const number = await registerTicket(page, { customer: HOSTILE, user: CORPUS[1], description: `${HOSTILE}\n${LONG}`, severity: 's2' });

  // The queue row.
  await page.goto(`${app.url}/#/`);
  const row = page.locator('li.ticket', { hasText: number });
  await eventually(async () => (await row.count()) === 1, 'the ticket listed');
  assert.equal((await row.locator('.customer').textContent()).trim(), HOSTILE.trim());
  assert.deepEqual(await injected(page), { flag: null, nodes: 0 }, 'queue');

  // The ticket, and a comment with the corpus.
  await row.locator('.number').click();
  await page.waitForSelector('details.action[data-action="comment"]');
  await act(page, 'comment', { text: HOSTILE });
  await eventually(async () => (await page.locator('main').textContent()).includes(CORPUS[2]), 'the comment shown literally');
  assert.ok((await page.locator('main').textContent()).includes('A'.repeat(1000)), 'the long description is shown');
  assert.deepEqual(await injected(page), { flag: null, nodes: 0 }, 'ticket page');

  // The tickets' CSV: the corpus as the text it was.
  await page.goto(`${app.url}/#/datos`);
  await page.waitForSelector('#export-csv');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#export-csv'),
  ]);
  const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  assert.ok(csv.includes('<script>window.__xss=1</script>'), 'the CSV keeps the text as it was typed');

  // A knowledge base article: title and body.
  await page.goto(`${app.url}/#/conocimiento`);
  await page.getByRole('button', { name: 'Nuevo artículo' }).click();
  await page.fill('#kb-title', CORPUS[1]);
  await page.fill('#kb-body', HOSTILE);
  await page.click('form.kb-editor button[type=submit]');
  await eventually(async () => (await page.locator('.kb p.saved').count()) === 1, 'article saved');
  await page.reload();
  await eventually(async () => (await page.locator('main').textContent()).includes(CORPUS[1]), 'the article title shown literally');
  assert.deepEqual(await injected(page), { flag: null, nodes: 0 }, 'knowledge base');

  assert.deepEqual(dialogs, [], 'no dialog opened');
});
