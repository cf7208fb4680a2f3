// axe-core (the accessibility engine Lighthouse uses) run on a page as it is: every WCAG 2.1
// A/AA rule, 0 violations expected. The source is evaluated through the DevTools protocol, which
// the page's Content-Security-Policy does not govern, so the app's policy stays as it ships.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The violations axe-core finds on `page` now, as readable lines ("rule: what (where)"). */
export async function accessibilityViolations(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations.map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`);
}
