// A minimal test harness for the end-to-end journeys: each test gets a fresh browser context
// (a fresh profile: empty IndexedDB, no service worker) and the app served from dist/.
import assert from 'node:assert/strict';

const tests = [];

/**
 * Registers a journey. `fn({ browser, context, page, app })` where app = { url, restart, stop,
 * dist, deploy(site) } (run.mjs).
 */
export function test(name, fn) {
  tests.push({ name, fn });
}

export function registered() {
  return tests;
}

/** Waits until `fn()` returns a truthy value (polling), or throws with `message`. */
export async function eventually(fn, message, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${message} (last: ${last})`);
}

/**
 * Content-Security-Policy violations a journey causes on purpose (to check the policy holds):
 * the runner fails a journey whose pages logged any other number of violations.
 */
export const csp = { expected: 0 };

/** Logs a journey's progress, with the time, when MESA_E2E_VERBOSE is set. */
export const step = (what) => { if (process.env.MESA_E2E_VERBOSE) console.log(`  [${new Date().toISOString()}] ${what}`); };

export { assert };
