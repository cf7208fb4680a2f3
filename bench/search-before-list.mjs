// Issue #21, search over every ticket from the first screen: on a desk of 100k tickets (or
// MESA_BENCH_SIZES), reloaded; the moment the queue's first screen shows (the mark
// `mesa:queue-ready`, observed in the page), a text is typed in the search, and the time is
// taken until the queue shows how many tickets it finds, at the next animation frame. Answered
// while the queue is still busy means the stored search index answered (src/app/
// search_before_list.rs), not the full list; the count is then checked against the full list's
// for the same text. Two searches alternate: a customer's word and the whole number of a ticket
// far down the list (the last one «brisa» finds). Goal: the answer before the full list,
// the same count as it.
// Prints `mesa-bench search_before_list METRIC=VALUE` lines.
import { seededApp, median, ms, table, checkErrors } from './lib.mjs';

const SIZES = (process.env.MESA_BENCH_SIZES || '100000').split(',').map(Number);
const RELOADS = Number(process.env.MESA_BENCH_RELOADS) || 6;
const WORD = 'brisa';

/** In the page, before its scripts: types the text the run keeps in sessionStorage once the
 * first screen shows, and notes when the count answers, whether the queue was still busy then,
 * the count and the first rows. */
function typeAtFirstScreen() {
  const text = sessionStorage.getItem('mesa-bench-search');
  if (!text) return;
  const result = { text };
  window.__searchBeforeList = result;
  new PerformanceObserver((list) => {
    if (!list.getEntries().some((e) => e.name === 'mesa:queue-ready') || result.typedAt) return;
    const search = document.querySelector('#queue-search');
    result.firstScreenAt = performance.getEntriesByName('mesa:queue-ready')[0].startTime;
    result.typedAt = performance.now();
    search.value = text;
    search.dispatchEvent(new Event('input', { bubbles: true }));
    const answered = () => {
      const queue = document.querySelector('section.queue');
      const count = queue?.querySelector('.count')?.textContent ?? '';
      if (!/^\d/.test(count)) return requestAnimationFrame(answered);
      result.answeredAt = performance.now();
      result.busy = queue.getAttribute('aria-busy') === 'true';
      result.count = parseInt(count, 10);
      result.rows = [...document.querySelectorAll('li.ticket')].slice(0, 3).map((li) => li.dataset.number);
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      result.marks = { asked: at('mesa:search-before-list'), indexRead: at('mesa:search-index-read'),
        scanned: at('mesa:search-index-scanned'), rowsRead: at('mesa:search-rows-read'), listRead: at('mesa:tickets-loaded') };
    };
    requestAnimationFrame(answered);
    // When the DOM first holds the answer (painted or not).
    const dom = new MutationObserver(() => {
      const count = document.querySelector('section.queue .count')?.textContent ?? '';
      if (/^\d/.test(count)) { result.domAt = performance.now(); dom.disconnect(); }
    });
    dom.observe(document.body, { subtree: true, childList: true, characterData: true });
  }).observe({ type: 'mark', buffered: true });
}

/** The queue's count and first rows for `text` once the full list is there. */
async function fullListAnswer(page, text) {
  await page.waitForFunction(() => document.querySelector('section.queue')?.getAttribute('aria-busy') === 'false', null, { timeout: 120_000 });
  await page.fill('#queue-search', text);
  const answer = await page.waitForFunction((t) => {
    const input = document.querySelector('#queue-search');
    const count = document.querySelector('section.queue .count')?.textContent ?? '';
    return input.value === t && /^\d/.test(count) && {
      count: parseInt(count, 10),
      rows: [...document.querySelectorAll('li.ticket')].slice(0, 3).map((li) => li.dataset.number),
    };
  }, text, { timeout: 30_000 });
  return answer.jsonValue();
}

export async function run({ browser, url }) {
  const rows = [['tickets', 'search', 'runs', 'answered before the list', 'keystroke → count (median)', 'min–max', 'count as the full list']];
  for (const n of SIZES) {
    const { context, page } = await seededApp(browser, url, n);
    // (No due events while measuring: seededApp keeps the kept desk's due runner out, or each
    // would leave its ticket's summary missing, and the next start without its first screen.)
    const current = () => page.waitForFunction(() => ['mesa:queue-cache-written', 'mesa:list-pages-written']
      .every((mark) => performance.getEntriesByName(mark).length > 0), null, { timeout: 600_000 });
    await page.reload();
    // The summaries and the pages (and the index with them) current, as on a desk opened before.
    await current();
    // A ticket far down the list: the last one the word finds.
    await page.fill('#queue-search', WORD);
    await page.waitForFunction(() => /^\d/.test(document.querySelector('section.queue .count')?.textContent ?? ''));
    await page.locator('.rows').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    const deep = await page.waitForFunction(() => [...document.querySelectorAll('li.ticket')].at(-1)?.dataset.number);
    const number = await deep.jsonValue();
    await page.fill('#queue-search', '');
    const searches = { word: WORD, number };
    const runs = { word: [], number: [] };
    await context.addInitScript(typeAtFirstScreen);
    for (let i = 0; i < RELOADS; i += 1) {
      const what = i % 2 === 0 ? 'word' : 'number';
      await page.evaluate((t) => sessionStorage.setItem('mesa-bench-search', t), searches[what]);
      await page.reload();
      const result = await (await page.waitForFunction(() => window.__searchBeforeList?.answeredAt && window.__searchBeforeList, null, { timeout: 120_000 })).jsonValue();
      const full = await fullListAnswer(page, searches[what]);
      const since = (t) => (t === null ? '–' : ms(t - result.firstScreenAt));
      console.log(`  ${what}: typed ${since(result.typedAt)}, search started ${since(result.marks.asked)}, index read ${since(result.marks.indexRead)}, scanned ${since(result.marks.scanned)}, rows read ${since(result.marks.rowsRead)}, in the DOM ${since(result.domAt ?? null)}, list read ${since(result.marks.listRead)}, answered ${since(result.answeredAt)} after the first screen${result.busy ? ', before the list' : ''}`);
      await page.fill('#queue-search', '');
      await current();
      runs[what].push({ ...result, full });
    }
    await page.evaluate(() => sessionStorage.removeItem('mesa-bench-search'));
    checkErrors(page);
    const size = n >= 1000 ? `${n / 1000}k` : String(n);
    for (const what of ['word', 'number']) {
      const list = runs[what];
      const times = list.map((r) => r.answeredAt - r.typedAt);
      const before = list.filter((r) => r.busy).length;
      const same = list.filter((r) => r.count === r.full.count && r.rows.join() === r.full.rows.join()).length;
      rows.push([n, `${what} «${searches[what]}»`, list.length, `${before} of ${list.length}`, ms(median(times)),
        `${ms(Math.min(...times))}–${ms(Math.max(...times))}`, `${same} of ${list.length}`]);
      const line = (metric, value) => console.log(`mesa-bench search_before_list ${what}_${metric}_${size}=${value}`);
      line('answer_ms', median(times).toFixed(1));
      line('answered_before_list', (before / list.length).toFixed(2));
      line('same_as_full_list', (same / list.length).toFixed(2));
      line('after_first_screen_ms', median(list.map((r) => r.answeredAt - r.firstScreenAt)).toFixed(1));
    }
    table('search before the list (#21): first screen → a text typed → the count shown', rows.splice(1));
  }
}
