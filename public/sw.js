// Mesa's offline app shell (plain JS, copied to the site root by Trunk).
//
// Versioning: the page registers `sw.js?v=<build id>` (crate version + the site's version, a hash
// of every file of the built site, `<html data-build>`: scripts/site-version.py), so every deploy,
// of texts or a stylesheet alone too, is a new worker URL and a new cache name,
// `mesa-shell-<v>`. The new worker precaches the new shell beside the old one and WAITS: the
// page shows "Actualizar", and only on the user's click (message SKIP_WAITING) does it activate,
// delete the other `mesa-shell-*` caches and take over (the page then reloads).
//
// Fetch strategy (same-origin GET only; everything else, e.g. the sync endpoint, goes straight
// to the network):
// - navigations: network first (a fresh index.html when online, with a timeout against
//   "lie-fi"), falling back to this version's precached shell when the network fails (the
//   cached shell is never overwritten by a fetched page, so it always matches its cached
//   files);
// - everything else (hashed JS/wasm/CSS, the pages' wasm modules, icons, profiles, texts): cache first, then network, and
//   successful answers are added to the cache; for a page of another version (a fresh
//   index.html after a deploy), network first (see `otherVersion`).

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const PREFIX = 'mesa-shell-';
const CACHE = PREFIX + VERSION;
const NAVIGATION_TIMEOUT_MS = 4000;
const STATIC = ['./', 'manifest.webmanifest', 'icons/icon.svg', 'icons/icon-192.png',
  'icons/icon-512.png', 'icons/icon-maskable-512.png',
  // The texts the app fetches: the Spanish ones once the queue has loaded (the first screen's
  // are in the app), the English ones when the user chooses English. One per area of
  // src/locales.rs (a native test checks the list).
  'locales/es/app.json', 'locales/es/ticket.json', 'locales/es/storage.json',
  'locales/es/sync.json', 'locales/es/settings.json', 'locales/es/reports.json',
  'locales/es/attachments.json', 'locales/es/notifications.json', 'locales/es/knowledge.json',
  'locales/en/app.json', 'locales/en/ticket.json', 'locales/en/storage.json',
  'locales/en/sync.json', 'locales/en/settings.json', 'locales/en/reports.json',
  'locales/en/attachments.json', 'locales/en/notifications.json', 'locales/en/knowledge.json',
  // The preset processes, which the app fetches (PRESET_IDS in src/domain/profile/presets.rs;
  // a native test checks the list).
  'profiles/p1-sipo.json', 'profiles/p2-seware.json', 'profiles/p3-cirion.json',
  'profiles/p4-callmyway.json', 'profiles/p5-megaport.json'];

// Every same-origin file the shell page loads: link href / script src / module imports.
function assetsOf(html, base) {
  return sameOrigin(html, base, [/\b(?:href|src)\s*=\s*["']([^"']+)["']/g, /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']/g, /["']([^"'\s]+\.(?:wasm|js|css))["']/g]);
}

// What a JavaScript module loads: its imports.
function importsOf(js, url) {
  return sameOrigin(js, url, [/\bfrom\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']/g]);
}

// The pages' wasm modules and the shared modules they need, as the split step lists them
// (`split-manifest.json`'s `files`, written by mesa-wasm-split), so each page opens offline too.
// A build without page modules has no manifest (a missing file may come back as the shell page).
async function splitModules(shellUrl) {
  const response = await fetch(new URL('split-manifest.json', shellUrl).href, { cache: 'reload' });
  if (!response.ok || !(response.headers.get('content-type') || '').includes('json')) return [];
  return (await response.json()).files.map((file) => new URL(file, shellUrl).href);
}

function sameOrigin(text, base, patterns) {
  const urls = new Set();
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      try {
        const url = new URL(m[1], base);
        if (url.origin === self.location.origin && !url.pathname.endsWith('/sw.js')) {
          url.hash = '';
          urls.add(url.href);
        }
      } catch (_) { /* not a URL */ }
    }
  }
  return [...urls];
}

// Caches the shell's JavaScript, following its imports (each file fetched once), and returns the
// shell's other files, still to be cached.
async function cacheScripts(html, shellUrl, cache) {
  const urls = new Set(assetsOf(html, shellUrl).concat(STATIC.map((p) => new URL(p, shellUrl).href)));
  urls.delete(shellUrl);
  const pending = [...urls].filter((u) => new URL(u).pathname.endsWith('.js'));
  const seen = new Set(pending);
  while (pending.length > 0) {
    const url = pending.pop();
    urls.delete(url);
    const response = await fetch(url, { cache: 'reload' });
    if (!response.ok) throw new Error(url + ' ' + response.status);
    await cache.put(url, response.clone());
    for (const found of importsOf(await response.text(), url)) {
      if (seen.has(found)) continue;
      if (new URL(found).pathname.endsWith('.js')) {
        seen.add(found);
        pending.push(found);
      } else {
        urls.add(found);
      }
    }
  }
  return [...urls];
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const shellUrl = new URL('./', self.registration.scope).href;
    const response = await fetch(shellUrl, { cache: 'reload' });
    if (!response.ok) throw new Error('shell ' + response.status);
    const html = await response.clone().text();
    await cache.put(shellUrl, response);
    const rest = new Set((await cacheScripts(html, shellUrl, cache)).concat(await splitModules(shellUrl)));
    // A failure anywhere fails the install: a half-cached shell never replaces a working one
    // (this version's cache is only read by this version's worker, which then never activates).
    await cache.addAll([...rest].map((u) => new Request(u, { cache: 'reload' })));
  })());
  // No skipWaiting here: a new version waits for the user's "Actualizar".
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

async function fromNetworkThenCache(request) {
  const cache = await caches.open(CACHE);
  try {
    // The cached shell is NOT replaced here: a fresh index.html may reference new hashed files
    // this cache does not hold. The shell is only ever replaced whole, by a new worker.
    // Revalidate with the server (`no-cache`): a heuristically "fresh" index.html in the HTTP
    // cache would otherwise hide a new deploy.
    const fresh = new Request(request.url, { cache: 'no-cache', credentials: 'same-origin' });
    return await Promise.race([fetch(fresh), timeout(NAVIGATION_TIMEOUT_MS)]);
  } catch (err) {
    const cached = await cache.match(new URL('./', self.registration.scope).href)
      || await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw err;
  }
}

async function fromCacheThenNetwork(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    await cache.put(request, response.clone());
  }
  return response;
}

// The pages showing a fresh index.html of another version than this worker's (a deploy since
// it was installed; its own worker then waits for "Actualizar"): their files, some of which keep
// their names from one version to the next (texts, profiles), come from the network first, not
// from this version's cache, and from the cache only when the network fails. Kept while this
// worker runs; a worker started again forgets them and answers from its cache, as before.
const otherVersion = new Set();

// The files the app fetches by names that stay from one version to the next (texts, profiles)
// carry the page's version, `?v=<build id>` (src/app/fetch.rs): a request of another version
// (a page of a deploy since this worker was installed) goes to the network first, even after
// the browser stopped this worker and `otherVersion` was forgotten; one of this version is
// answered from the copy precached without the query.
function ofOtherVersion(url) {
  const version = url.searchParams.get('v');
  return version !== null && version !== VERSION;
}

// This version's cached copy of `request`, its `?v=` aside; undefined when there is none.
async function fromCache(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request)) || cache.match(request, { ignoreSearch: true });
}

// Whether `shell` (an index.html) is this worker's version's (its `<html data-build>`).
async function ofThisVersion(shell) {
  const site = VERSION.split('-').pop();
  return VERSION === 'dev' || (await shell.text()).includes(' data-build="' + site + '"');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.endsWith('/sw.js')) return;
  if (request.mode === 'navigate') {
    event.respondWith((async () => {
      const response = await fromNetworkThenCache(request);
      if (event.resultingClientId && !(await ofThisVersion(response.clone()))) {
        otherVersion.add(event.resultingClientId);
      }
      return response;
    })());
  } else if (otherVersion.has(event.clientId) || ofOtherVersion(url)) {
    event.respondWith(fetch(request).catch(async (failed) => (await fromCache(request)) || Promise.reject(failed)));
  } else if (url.searchParams.has('v')) {
    event.respondWith(fromCache(request).then((cached) => cached || fromCacheThenNetwork(request)));
  } else {
    event.respondWith(fromCacheThenNetwork(request));
  }
});
