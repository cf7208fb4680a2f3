// The next versions of the app, for a journey through a deploy. `nextVersion`: a copy of the built site whose
// main script and every inline snippet of wasm-bindgen have other bytes, renamed as a release
// build names them (scripts/split-post-build.sh: the main script by Trunk's hash, a snippet by
// its content's hash), the page modules in a folder of another name (as after a change of the
// Rust), and index.html's preloads, integrity and Content-Security-Policy, the modules' loader
// and split-manifest.json following, and an English text changed (`nav.queue`, the header's
// «Queue»). The wasm's bytes stay.
// `nextTexts`: a release of texts alone (the code's bytes and names all stay).
// Each is given its site's version by the build's own step (scripts/site-version.py).
// Two release builds of the app would take minutes each; this makes the same kind of change,
// in what the browser's caches and the service worker see, in a second.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sha = (algorithm, data) => createHash(algorithm).update(data).digest();
const hex16 = (data) => sha('sha256', data).toString('hex').slice(0, 16);
const integrity = (data) => `sha384-${sha('sha384', data).toString('base64')}`;

/** A copy of the built site `dist` in a new temporary folder, without its precompressed files. */
function copyOf(dist) {
  const site = mkdtempSync(join(tmpdir(), 'mesa-next-version-'));
  cpSync(dist, site, { recursive: true });
  // Precompressed copies would be the old bytes (the test server sends the files as they are).
  const drop = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) drop(path);
      else if (/\.(gz|br)$/.test(entry.name)) rmSync(path);
    }
  };
  drop(site);
  return site;
}

/** `site`'s English `nav.queue` (the header's «Queue») changed by `mark`; returns the new text. */
function changeEnglishQueue(site, mark) {
  const english = join(site, 'locales', 'en', 'app.json');
  const texts = JSON.parse(readFileSync(english, 'utf8'));
  texts['nav.queue'] = `${texts['nav.queue']} (${mark})`;
  writeFileSync(english, `${JSON.stringify(texts, null, 2)}\n`);
  return texts['nav.queue'];
}

/** Writes `site`'s version as a build does (scripts/site-version.py) and returns it. */
function versioned(site) {
  const script = fileURLToPath(new URL('../../scripts/site-version.py', import.meta.url));
  execFileSync('python3', [script, site], { stdio: 'ignore' });
  return versionOf(site);
}

/** The site's version, as written into its index.html. */
export function versionOf(dist) {
  return /<html\b[^>]* data-build="([0-9a-f]+)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'))?.[1];
}

/** A copy of `dist` whose only change is an English text; returns where, its version and the text. */
export function nextTexts(dist, mark = 'texts of the next version') {
  const site = copyOf(dist);
  const queueInEnglish = changeEnglishQueue(site, mark);
  return { site, build: versioned(site), queueInEnglish };
}

/** Copies `dist` into a new temporary folder as the next version; returns where, and its names. */
export function nextVersion(dist) {
  const site = copyOf(dist);
  const indexPath = join(site, 'index.html');
  let index = readFileSync(indexPath, 'utf8');
  const oldMain = readdirSync(site).find((f) => /^mesa-web-[0-9a-f]+\.js$/.test(f));
  let main = readFileSync(join(site, oldMain), 'utf8');
  const preload = (html, href, bytes) => html.replace(
    new RegExp(`(<link[^>]*href="[^"]*${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*integrity=")[^"]*(")`),
    (_, a, b) => a + integrity(bytes) + b);
  // Each inline snippet: other bytes, and (as a release names it) the new bytes' hash.
  const snippets = join(site, 'snippets');
  for (const folder of readdirSync(snippets).filter((f) => f.startsWith('mesa-'))) {
    for (const file of readdirSync(join(snippets, folder))) {
      const m = /^(inline\d+)(?:-[0-9a-f]{16})?\.js$/.exec(file);
      if (!m) continue;
      const bytes = Buffer.from(`${readFileSync(join(snippets, folder, file), 'utf8')}\n// the next version\n`);
      const named = `${m[1]}-${hex16(bytes)}.js`;
      rmSync(join(snippets, folder, file));
      writeFileSync(join(snippets, folder, named), bytes);
      const from = `snippets/${folder}/${file}`;
      const to = `snippets/${folder}/${named}`;
      main = main.split(`"${from}"`).join(`"${to}"`).split(`/${from}"`).join(`/${to}"`);
      index = preload(index.split(`/${from}"`).join(`/${to}"`), to, bytes);
    }
  }
  // The page modules' folder is named by the wasm the split step read (tools/wasm-split): a
  // release whose Rust changed has a new one, which the main script and the manifest name.
  const splitFolders = readdirSync(snippets).filter((f) => f.startsWith('split-'));
  let manifest = readFileSync(join(site, 'split-manifest.json'), 'utf8');
  const moved = splitFolders.map((folder) => {
    const renamed = `split-${hex16(`${folder} the next version`)}`;
    renameSync(join(snippets, folder), join(snippets, renamed));
    // Its imports only: the wasm imports the loader's functions under the folder's first name,
    // the key of the glue's imports object, which stays (as scripts/split-post-build.sh does
    // for the snippets).
    main = main.replace(new RegExp(`(\\bfrom\\s*["'][^"']*/)${folder}/`, 'g'), `$1${renamed}/`);
    manifest = manifest.split(`/${folder}/`).join(`/${renamed}/`);
    return renamed;
  });
  writeFileSync(join(site, 'split-manifest.json'), manifest);
  // The main script: other bytes, a new name, which the page and the modules' loader import.
  const mainBytes = Buffer.from(`${main}\n// the next version\n`);
  const newMain = `mesa-web-${hex16(mainBytes)}.js`;
  rmSync(join(site, oldMain));
  writeFileSync(join(site, newMain), mainBytes);
  index = preload(index.split(oldMain).join(newMain), newMain, mainBytes);
  for (const folder of moved) {
    const loader = join(snippets, folder, '__wasm_split.js');
    writeFileSync(loader, readFileSync(loader, 'utf8').split(oldMain).join(newMain));
  }
  // A text of the next version: one the app fetches by a name that stays (locales/en).
  const queueInEnglish = changeEnglishQueue(site, 'next version');
  // The policy allows the page's inline scripts by their SHA-256 (scripts/csp-post-build.py).
  const hashes = [...index.matchAll(/<script(?: [^>]*)?>([\s\S]*?)<\/script>/g)]
    .filter((m) => m[1].trim())
    .map((m) => `'sha256-${sha('sha256', m[1]).toString('base64')}'`);
  index = index.replace(/(script-src 'self' 'wasm-unsafe-eval')[^;"]*/, `$1 ${hashes.join(' ')}`);
  writeFileSync(indexPath, index);
  return { site, build: versioned(site), main: newMain, oldMain, splitFolder: moved[0], queueInEnglish };
}
