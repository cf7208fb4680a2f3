// The XSS journeys' hostile text (59, 68) and their check that none of it became markup.

/** Markup that would create elements or run script if a page took it as HTML. */
export const CORPUS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3"><circle r="1"/></svg>',
  '<a href="javascript:window.__xss=4">clic</a>',
  '"><iframe srcdoc="<script>parent.__xss=5</script>">',
  '\u202Egnp.exe\u202C <b>negrita</b> {{7*7}} ${7*7}',
];

/** The whole corpus as one text. */
export const HOSTILE = CORPUS.join(' ');

/** Elements the corpus would create if any of it were taken as markup: `{ flag, nodes }`. */
export async function injected(page) {
  return page.evaluate(() => ({
    flag: window.__xss ?? null,
    nodes: document.querySelectorAll('main img[src="x"], main svg[onload], main iframe, main a[href^="javascript:"], main b, body script:not([src]):not([type="module"])').length,
  }));
}
