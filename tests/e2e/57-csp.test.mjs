// The app runs under a strict Content-Security-Policy written into index.html at build time:
// no inline script but Trunk's loader (by its hash), no eval, no style attributes, requests only
// to the site and the sync endpoints named at build time. The runner fails every journey on any
// violation; this one causes one on purpose and checks it is refused.
import { test, assert, eventually, csp } from './harness.mjs';

test('locked down: the page runs under its policy; an injected inline script is refused', async ({ page, app }) => {
  await page.goto(`${app.url}/#/`);
  await page.waitForSelector('#queue-search');
  const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(policy, /unsafe-inline/);
  assert.match(policy, /connect-src 'self' blob: http:\/\/127\.0\.0\.1:\*;/);

  csp.expected = 1;
  const outcome = await page.evaluate(async () => {
    window.__seen = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__seen.push(e.effectiveDirective));
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.head.append(s);
    return { injected: window.__injected === true };
  });
  assert.equal(outcome.injected, false, 'an injected inline script does not run');
  const seen = await eventually(async () => {
    const list = await page.evaluate(() => window.__seen);
    return list.length === 1 && list;
  }, 'the violation reported');
  assert.deepEqual(seen, ['script-src-elem']);
});
