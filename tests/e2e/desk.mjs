// Journey helpers that work a desk as a person does: through the UI, or a test hook of the test
// build (never by writing the device's IndexedDB directly, so a schema change does not break
// them). Set-up helpers for a process's own journeys are in profiles.mjs.
import { eventually } from './harness.mjs';

/** Fills and submits the P4 registration form (the default preset). Returns the ticket number. */
export async function registerTicket(page, { customer, user, description, severity = 's2' }) {
  await page.selectOption('#request_kind', 'incidente');
  await page.selectOption('#severity', severity);
  await page.selectOption('#channel', 'tel_mx');
  await page.fill('#customer', customer);
  await page.fill('#usuario', user);
  await page.fill('#description', description);
  await page.click('button[type=submit]');
  const number = await page.locator('.ticket-number').textContent({ timeout: 10_000 });
  return number.trim();
}

/**
 * Opens «Nueva», fills `before` (field id → text: fields registerTicket leaves alone, such as
 * `site` or `correo`), then registers `ticket` with registerTicket. Returns the ticket number.
 */
export async function registerNew(page, url, ticket, before = {}) {
  await page.goto(`${url}/#/nueva`);
  await page.waitForSelector('#customer');
  for (const [id, value] of Object.entries(before)) await page.fill(`#${id}`, value);
  return registerTicket(page, ticket);
}

/** Opens ticket `number` from the queue once it is listed; waits for `ready` on its page. */
export async function openTicket(page, url, number, ready = '.ticket-page') {
  // The queue's rows are places in a window over the list: when the list changes (the full
  // list arriving after the first screen, a ticket registered or pulled), a row shows the
  // ticket now at its place. A click on the row found showing `number` can so open another
  // ticket (CI resolved the wrong one in the sync-conflict journey): the page opened is
  // checked, and the ticket looked for again in the queue.
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${url}/#/`);
    await eventually(async () => (await page.locator('li.ticket .number', { hasText: number }).count()) === 1, `${number} listed`);
    await page.locator('li.ticket .number', { hasText: number }).click();
    await page.waitForSelector(ready);
    const opened = (await page.locator('.ticket-page .ticket-number').textContent()).trim();
    if (opened === number.trim()) return;
    if (attempt === 3) throw new Error(`${number} clicked in the queue three times, ${opened} opened`);
    console.log(`  (${number} clicked in the queue as the list changed: ${opened} opened; again)`);
  }
}

/** Opens `hash` and waits until its page (not «Cargando…») is there with its heading. */
export async function openPage(page, url, hash) {
  await page.goto(`${url}/${hash}`);
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('main p.loading'));
}

/** The ticket numbers the queue lists, top to bottom. */
export const numbers = (page) => page.locator('li.ticket .number').allTextContents();

/** The ticket page's history mark, `{ state, event, text }`, or null while there is none. */
export async function mark(page) {
  const el = page.locator('.evidence-mark');
  if ((await el.count()) !== 1) return null;
  return { state: await el.getAttribute('data-mark'), event: await el.getAttribute('data-event'), text: (await el.textContent()).trim() };
}

/** How many passes the device's due runner has finished in this page (test hook). */
export const duePasses = (page) => page.evaluate(() => window.__mesaDuePasses ?? 0);

/** Waits for the device's due runner to finish a pass after its `after`-th (default: after now). */
export async function duePass(page, after) {
  const passes = after ?? await duePasses(page);
  await page.waitForFunction((n) => (window.__mesaDuePasses ?? 0) > n, passes, { timeout: 45_000 });
}

/**
 * Waits until the service worker keeps the app for offline use (installed, every file of the
 * shell and of each page cached) and controls `page`, as on a user's device after a first visit.
 */
export async function cachedForOffline(page) {
  // The worker controls the page once it is active (it claims the open pages), that is once
  // its install has cached everything.
  const controlled = () => page.evaluate(() => !!navigator.serviceWorker.controller);
  // Where the worker stands, for the log when it does not take the page in time (CI saw it
  // twice; its cause is not known yet).
  const workerState = () => page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    const state = (w) => w?.state ?? 'none';
    return r ? `installing ${state(r.installing)}, waiting ${state(r.waiting)}, active ${state(r.active)}` : 'not registered';
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await eventually(controlled, 'page controlled by the service worker', 15_000);
      return;
    } catch (e) {
      const state = await workerState().catch((why) => `unknown (${why})`);
      if (attempt === 3) throw new Error(`${e.message}; the service worker: ${state}`);
      console.log(`  (the page not controlled after ${attempt * 15} s; the service worker: ${state}; loading the page again)`);
    }
    // An install that failed (one of the files it fetched did not come) is not tried again
    // until the app registers the worker again, at its next load (CI saw a page left
    // uncontrolled for 30 s): as a user's next visit does.
    await page.reload();
    await page.waitForSelector('header');
  }
}

/**
 * The device loses its connection, once the app is kept for offline use: a page's code first
 * needed offline (the due runner's, a page not opened yet) then comes from the worker's cache,
 * never from a network that is gone.
 */
export async function goOffline(page) {
  await cachedForOffline(page);
  await page.context().setOffline(true);
}
