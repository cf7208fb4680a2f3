// Issue #5, filter and search: with 10k and 100k stored tickets, the time from a keystroke (or a
// filter change) to the list's DOM being updated. In the page: performance.now() before setting
// the input's value and dispatching its `input` (or the select's `change`) event, then until every
// reactive update ran (one posted task after the event: Leptos applies its updates in
// microtasks), checking the list really changed. Filter changes pick every value of the
// severity, level and request-kind filters and three of the status filter, then clear each.
// Goals: < 16 ms at 10k, < 50 ms at 100k and at 200k (the ~1M-event desk of #21). Prints `mesa-bench filter METRIC=VALUE` lines.
import { seededQueue, median, p95, ms, table, checkErrors, afterMicrotasks } from './lib.mjs';
import { SIZES } from './open.mjs';

const GOALS = { 10000: 16, 100000: 50, 200000: 50 };
const ROUNDS = Number(process.env.MESA_BENCH_ROUNDS || 3);
const WORDS = ['brisa', 'farmacias', 'monterrey', 'vpn'];

export async function run({ browser, url }) {
  const rows = [['tickets', 'what', 'keystrokes', 'median', 'p95', 'goal']];
  for (const n of SIZES) {
    const page = await seededQueue(browser, url, n);
    const number = await page.locator('li.ticket').nth(3).getAttribute('data-number');
    const result = await page.evaluate(async ([words, number, rounds, afterSrc]) => {
      // eslint-disable-next-line no-eval
      const after = eval(afterSrc);
      const pause = () => new Promise((r) => setTimeout(r, 30));
      const count = () => document.querySelector('.queue p.count').textContent;
      const list = () => [...document.querySelectorAll('li.ticket')].map((li) => li.dataset.number).join(',');
      const search = document.querySelector('#queue-search');
      let unchanged = 0;
      const time = async (act) => {
        await pause();
        const before = count() + list();
        const t = performance.now();
        act();
        await after();
        const elapsed = performance.now() - t;
        if (count() + list() === before) unchanged += 1;
        return elapsed;
      };
      const type = async (text, into) => {
        for (let i = 1; i <= text.length; i += 1) {
          into.push(await time(() => { search.value = text.slice(0, i); search.dispatchEvent(new Event('input', { bubbles: true })); }));
        }
        for (let i = text.length - 1; i >= 0; i -= 1) {
          into.push(await time(() => { search.value = text.slice(0, i); search.dispatchEvent(new Event('input', { bubbles: true })); }));
        }
      };
      // The measured window must contain the update: after one nonsense keystroke and one posted
      // task the list must already be empty.
      search.value = 'zzqxw'; search.dispatchEvent(new Event('input', { bubbles: true }));
      await after();
      if (document.querySelector('li.ticket')) throw new Error('the list was not updated within the measured window');
      search.value = ''; search.dispatchEvent(new Event('input', { bubbles: true }));
      await after();
      if (!document.querySelector('li.ticket')) throw new Error('the list did not come back');
      const text = [];
      const byNumber = [];
      const filters = [];
      const severity = document.querySelector('#filter-severity');
      const status = document.querySelector('#filter-status');
      const level = document.querySelector('#filter-level');
      const kind = document.querySelector('#filter-kind');
      const change = (select, value) => () => { select.value = value; select.dispatchEvent(new Event('change', { bubbles: true })); };
      for (let r = 0; r < rounds; r += 1) {
        for (const w of words) await type(w, text);
        await type(number, byNumber);
        for (const o of [...severity.options].map((o) => o.value).filter(Boolean)) {
          filters.push(await time(change(severity, o)));
        }
        filters.push(await time(change(severity, '')));
        for (const o of ['closed', 'waiting_on_customer', '']) {
          if ([...status.options].some((x) => x.value === o)) filters.push(await time(change(status, o)));
        }
        for (const select of [level, kind]) {
          for (const o of [...select.options].map((o) => o.value).filter(Boolean)) filters.push(await time(change(select, o)));
          filters.push(await time(change(select, '')));
        }
      }
      return { text, byNumber, filters, unchanged, total: text.length + byNumber.length + filters.length };
    }, [WORDS, number, ROUNDS, afterMicrotasks]);
    checkErrors(page);
    const goal = GOALS[n];
    const verdict = (v) => (goal ? `< ${goal} ms: median ${median(v) < goal ? 'met' : 'MISSED'}, p95 ${p95(v) < goal ? 'met' : 'MISSED'}` : '');
    const size = n >= 1000 ? `${n / 1000}k` : String(n);
    for (const [what, key, v] of [['search by text', 'text', result.text], ['search by number', 'number', result.byNumber],
      ['filter change', 'filter', result.filters]]) {
      rows.push([n, what, v.length, ms(median(v)), ms(p95(v)), verdict(v)]);
      console.log(`mesa-bench filter ${key}_median_ms_${size}=${median(v).toFixed(2)}`);
      console.log(`mesa-bench filter ${key}_p95_ms_${size}=${p95(v).toFixed(2)}`);
    }
    console.log(`mesa-bench filter unchanged_keystrokes_${size}=${result.unchanged}`);
    rows.push([n, `(keystrokes that left the list unchanged: ${result.unchanged} of ${result.total})`, '', '', '', '']);
    table('filter and search (#5): keystroke → list DOM updated', rows.splice(0, rows.length, rows[0]));
  }
}
