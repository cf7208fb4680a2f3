// Test set-up helpers shared by the per-process journeys.

/** Makes `id` the desk's active process (as the Ajustes page does) and reloads the app. */
export async function useProfile(page, url, id) {
  await page.goto(`${url}/#/`);
  // The queue shows once the app has opened (and created) its database.
  await page.waitForSelector('#queue-search');
  await page.evaluate(async (profile) => {
    await new Promise((resolve, reject) => {
      const open = indexedDB.open('mesa');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('meta', 'readwrite');
        tx.objectStore('meta').put(profile, 'profile');
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, id);
  await page.reload();
  await page.waitForSelector('#queue-search');
}

/** Opens an action's form on the ticket page, fills `fields` (id suffix → value), submits it. */
export async function act(page, action, fields = {}) {
  const box = page.locator(`details.action[data-action="${action}"]`);
  await box.locator('summary').click();
  await box.evaluate((el) => { el.open = true; });
  for (const [field, value] of Object.entries(fields)) {
    const input = box.locator(`#a-${action}-${field}`);
    if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
  await box.evaluate((el) => { el.open = true; });
  await box.locator('button[type=submit]').click();
}

/** The `data-state` of one clock on the ticket page. */
export function clockState(page, clock) {
  return page.locator(`li.sla-clock[data-clock="${clock}"]`).getAttribute('data-state');
}
