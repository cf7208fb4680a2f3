// Where the time of a run goes, for the sync benchmark (`MESA_BENCH_TRACE=1 node bench/sync.mjs`):
// - `traceScript`, added to the page before it loads, notes when each IndexedDB read-write
//   transaction begins and ends and when each `fetch` is sent, answered and read;
//   `traceSummary` turns that into the pages' phases (request → head → body → the page's
//   transaction) and how long a read-write transaction was alive;
// - `cpuSampler` reads, on Linux, how much CPU each kind of thread of Chromium and the endpoint
//   (pouchdb-server) used over the run, in percent of one core: on a machine whose cores are
//   all busy, the run's time is its CPU, and only less work makes it shorter.
// The notes cost the page a little time of their own: a traced run is for reading, not for the
// ratio.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { median, quantile } from './lib.mjs';

/** The kernel's clock ticks per second (/proc's unit of CPU time). */
function ticksPerSecond() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** Runs in the page (Playwright `addInitScript`): wraps IndexedDB's and `fetch`'s entry points. */
export function traceScript() {
  const now = () => performance.now();
  const trace = { txs: [], fetches: [] };
  window.__mesaTrace = trace;
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (scope, mode, options) {
    const tx = transaction.call(this, scope, mode, options);
    if (mode === 'readwrite') {
      const note = { scope: [].concat(scope).join(','), begun: now(), ended: null };
      trace.txs.push(note);
      const end = () => { note.ended = now(); };
      tx.addEventListener('complete', end);
      tx.addEventListener('abort', end);
    }
    return tx;
  };
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const note = { url: String(input), sent: now(), head: null, body: null };
    trace.fetches.push(note);
    return fetch.call(this, input, init).then((response) => {
      note.head = now();
      response.__mesaTrace = note;
      return response;
    });
  };
  const text = Response.prototype.text;
  Response.prototype.text = function () {
    const note = this.__mesaTrace;
    return text.call(this).then((body) => {
      if (note) note.body = now();
      return body;
    });
  };
}

/**
 * The phases of the pull's pages from `from` (a `performance.now()` of the page) to `to`: for each
 * `_changes` page, request → response head → body read → its page transaction begun (pages and
 * the transactions over `log,meta` paired in order); and the share of the time some read-write
 * transaction was alive.
 */
export async function traceSummary(page, from, to) {
  const { txs, fetches } = await page.evaluate(() => window.__mesaTrace);
  const pages = fetches.filter((f) => f.sent >= from && f.url.includes('_changes') && f.body !== null);
  const writes = txs.filter((t) => t.begun >= from && t.scope === 'log,meta');
  const paired = Math.min(pages.length, writes.length);
  const spans = txs.filter((t) => t.begun >= from && t.ended !== null).map((t) => [t.begun, t.ended])
    .sort((a, b) => a[0] - b[0]);
  let alive = 0;
  let open = null;
  for (const [a, b] of spans) {
    if (!open || a > open[1]) {
      if (open) alive += open[1] - open[0];
      open = [a, b];
    } else open[1] = Math.max(open[1], b);
  }
  if (open) alive += open[1] - open[0];
  const phase = (xs) => ({ median: median(xs), p90: quantile(xs, 0.9) });
  return {
    pages: pages.length,
    head: phase(pages.map((f) => f.head - f.sent)),
    body: phase(pages.map((f) => f.body - f.head)),
    toWrite: phase(Array.from({ length: paired }, (_, i) => writes[i].begun - pages[i].body)),
    writeLife: phase(writes.filter((t) => t.ended !== null).map((t) => t.ended - t.begun)),
    between: phase(pages.slice(1).map((f, i) => f.sent - pages[i].sent)),
    aliveShare: alive / (to - from),
  };
}

/** Prints a `traceSummary` as lines, and one `mesa-bench NAME METRIC=VALUE` line per figure. */
export function printTrace(name, summary) {
  const ms = (x) => `${x.median.toFixed(0)} ms (p90 ${x.p90.toFixed(0)})`;
  console.log(`trace, ${summary.pages} pages: request → head ${ms(summary.head)}, head → body ${ms(summary.body)}, `
    + `body → its write begun ${ms(summary.toWrite)}, a page's write alive ${ms(summary.writeLife)}, `
    + `from a request to the next ${ms(summary.between)}; some read-write transaction alive `
    + `${(100 * summary.aliveShare).toFixed(0)} % of the run`);
  const line = (metric, value) => console.log(`mesa-bench ${name} ${metric}=${value}`);
  line('trace_request_to_head_ms', summary.head.median.toFixed(1));
  line('trace_body_to_write_ms', summary.toWrite.median.toFixed(1));
  line('trace_write_alive_ms', summary.writeLife.median.toFixed(1));
  line('trace_page_period_ms', summary.between.median.toFixed(1));
  line('trace_rw_alive_pct', (100 * summary.aliveShare).toFixed(0));
}

/** What a thread of Chromium or of the endpoint is, by its process and its name. */
function kind(command, pid, tid, comm) {
  if (command.includes('pouchdb-server')) return 'endpoint (pouchdb-server)';
  const type = /--type=(\S+)/.exec(command)?.[1] ?? 'browser';
  const process = type === 'utility' ? (/--utility-sub-type=(\S+)/.exec(command)?.[1] ?? 'utility') : type;
  if (tid === pid) return `${process}: main thread`;
  if (comm.startsWith('ThreadPool')) return `${process}: thread pool`;
  if (comm.includes('IOThread') || comm.includes('ChildIOT')) return `${process}: IPC`;
  return `${process}: other threads`;
}

/** Every thread of Chromium's processes and of pouchdb-server: its kind and its CPU ticks. */
function threads() {
  const out = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let command;
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (!/chrom|pouchdb-server/.test(command)) continue;
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${pid}/${tid}`, { kind: kind(command, pid, tid, comm), ticks: Number(fields[11]) + Number(fields[12]) });
      } catch { /* ended meanwhile */ }
    }
  }
  return out;
}

/**
 * `start()`, then `stop()`: the CPU each kind of thread used in between, in percent of one core,
 * largest first (empty where /proc is not there).
 */
export function cpuSampler() {
  let before;
  let started;
  return {
    start() {
      try {
        before = threads();
      } catch {
        before = null;
      }
      started = Date.now();
    },
    stop() {
      if (!before) return [];
      const seconds = (Date.now() - started) / 1000;
      const hz = ticksPerSecond();
      const by = new Map();
      for (const [key, now] of threads()) {
        const used = now.ticks - (before.get(key)?.ticks ?? 0);
        by.set(now.kind, (by.get(now.kind) ?? 0) + used);
      }
      return [...by].map(([what, ticks]) => [what, (100 * ticks) / hz / seconds])
        .filter(([, pct]) => pct >= 0.5).sort((a, b) => b[1] - a[1]);
    },
  };
}

/** Prints a `cpuSampler` result, and its `mesa-bench` lines (the kinds' names as metrics). */
export function printCpu(name, used) {
  if (!used.length) return;
  const total = used.reduce((sum, [, pct]) => sum + pct, 0);
  console.log(`CPU over the run (% of one core): ${used.map(([what, pct]) => `${what} ${pct.toFixed(0)}`).join(', ')}; `
    + `${total.toFixed(0)} in all`);
  for (const [what, pct] of used) {
    const metric = what.replace(/\(.*\)/, '').trim().replace(/[^a-z0-9]+/gi, '_').replace(/_+$/, '').toLowerCase();
    console.log(`mesa-bench ${name} cpu_${metric}_pct=${pct.toFixed(0)}`);
  }
  console.log(`mesa-bench ${name} cpu_total_pct=${total.toFixed(0)}`);
}
