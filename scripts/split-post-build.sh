#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml) for the `split` feature (src/ui/split.rs): points the page
# modules' loader at the main JavaScript's hashed name, drops Trunk's preloads of them, in
# release builds optimises every page module for size as Trunk's wasm-opt does the main one,
# and puts mesa-wasm-split's `split-manifest.json` at the site's root (nothing of this in builds
# without split points; a build whose wasm has split points but no page modules fails). Then,
# in every build, writes the Content-Security-Policy into index.html (scripts/csp-post-build.py)
# and, in release builds, the precompressed copies of every file
# (scripts/precompress-post-build.sh).
set -euo pipefail
staging="${TRUNK_STAGING_DIR:?run by Trunk}"
shopt -s nullglob

split_modules() {
  loaders=("$staging"/snippets/split-*/__wasm_split.js)
  if [[ ${#loaders[@]} -eq 0 ]]; then
    # No page modules: a build without the `split` feature, unless its wasm still has split
    # points (the split step did not run), which `mesa-wasm-split manifest` refuses (exit 1).
    local status=0
    mesa-wasm-split manifest "$staging" || status=$?
    [[ $status -eq 3 ]] && return 0
    manifest_failed
  fi
  [[ ${#loaders[@]} -eq 1 ]] || { echo "split-post-build: expected one split folder, found ${#loaders[@]}" >&2; exit 1; }
  mains=("$staging"/mesa-web-*.js)
  [[ ${#mains[@]} -eq 1 ]] || { echo "split-post-build: expected one mesa-web-*.js, found ${#mains[@]}" >&2; exit 1; }
  main_js="$(basename "${mains[0]}")"
  loader="${loaders[0]}"
  grep -q '"../../mesa-web.js"' "$loader" \
    || { echo "split-post-build: $loader does not import ../../mesa-web.js" >&2; exit 1; }
  sed -i "s|\"../../mesa-web.js\"|\"../../$main_js\"|" "$loader"
  # Trunk preloads every snippet, with integrity hashes taken before this hook changed them: the
  # page modules must load only when their page opens, so their preloads go.
  perl -0pi -e 's#<link rel="modulepreload"[^>]*href="[^"]*snippets/split-[^"]*"[^>]*>\s*##g' "$staging/index.html"
  if grep -q 'snippets/split-' "$staging/index.html"; then
    echo "split-post-build: index.html still names a page module" >&2
    exit 1
  fi
  if [[ "${TRUNK_PROFILE:-}" == "release" ]]; then
    for module in "$staging"/snippets/split-*/*.wasm; do
      wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
        --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
        "$module" -o "$module"
    done
  fi
  # The manifest mesa-wasm-split wrote beside the loader (each split point's module, its size
  # and the shared modules it needs) goes to the site's root as `split-manifest.json`, checked
  # against the files (each it names exists, none in the folder is unnamed) and with the sizes
  # as wasm-opt left them. The service worker precaches from it; scripts/size.sh reads it.
  mesa-wasm-split manifest "$staging" || manifest_failed
}

manifest_failed() {
  echo "split-post-build: mesa-wasm-split manifest failed (above; if it printed its usage, it" \
    "is older than this script: scripts/setup.sh installs the current one)" >&2
  exit 1
}

# Release builds: the first load's text files without what only a reader of the source needs:
# every JavaScript file through terser, the stylesheets without comments and the blanks around
# `{ } ; ,`, joined into one file (6.8 -> 4.9 KB gzip), index.html without its comments.
shrink_static() {
  [[ "${TRUNK_PROFILE:-}" == "release" ]] || return 0
  local terser="${MESA_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}/node_modules/.bin/terser"
  [[ -x "$terser" ]] || { echo "split-post-build: $terser is missing (run scripts/setup.sh)" >&2; exit 1; }
  python3 - "$staging" "$terser" <<'PY'
import base64, hashlib, os, re, subprocess, sys
staging, terser = sys.argv[1], sys.argv[2]
def rewrite(path, change):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(change(text))
def stylesheet(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*([{};,])\s*", r"\1", text).replace(";}", "}").strip() + "\n"
def page(text):
    return re.sub(r"\s*<!--.*?-->", "", text, flags=re.S)
index = os.path.join(staging, "index.html")
def integrity(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
# wasm-bindgen names the inline JavaScript snippets by their order, not their content
# (`snippets/mesa-<crate hash>/inline0.js`): after a change the same name holds other code, and
# the service worker of the version before, which answers from its cache first, gives a page of
# the new version the old file, which its integrity check blocks (the app never started). Each
# snippet gets its content's hash in its name, in the main JavaScript's imports and index.html's
# preloads too (before terser, which recomputes the preloads' integrity below).
mains = [f for f in os.listdir(staging) if re.fullmatch(r"mesa-web-[0-9a-f]+\.js", f)]
snippets = os.path.join(staging, "snippets")
for folder in sorted(os.listdir(snippets)) if os.path.isdir(snippets) else []:
    for js in sorted(os.listdir(os.path.join(snippets, folder))):
        match = re.fullmatch(r"(inline\d+)\.js", js)
        if not match:
            continue
        path = os.path.join(snippets, folder, js)
        with open(path, "rb") as f:
            named = match.group(1) + "-" + hashlib.sha256(f.read()).hexdigest()[:16] + ".js"
        os.rename(path, os.path.join(snippets, folder, named))
        # The modules' imports and preloads only: the wasm imports the snippet's functions
        # under its first name, the key of the glue's imports object, which stays.
        where = re.escape("snippets/" + folder + "/" + js)
        for referrer, refers in [(index, r'(href="[^"]*)' + where + r'(")'),
                                 *[(os.path.join(staging, m), r"(\bfrom\s*[\"'][^\"']*)" + where + r"([\"'])")
                                   for m in mains]]:
            rewrite(referrer, lambda text: re.sub(refers, lambda m: m.group(1) + "snippets/" + folder + "/" + named + m.group(2), text))
# wasm-bindgen may write one inline snippet twice (the same code under two names; the store's
# `countEach` was) and import only one: Trunk preloads every file of the snippets folder, so the
# page fetched the other for nothing. A snippet no module imports goes, with its preload.
imported = set()
for root, _, files in os.walk(staging):
    for js in files:
        if js.endswith(".js"):
            with open(os.path.join(root, js), encoding="utf-8") as f:
                imported.update(os.path.basename(m) for m in re.findall(r"\bfrom\s*[\"']([^\"']+)[\"']", f.read()))
for folder in sorted(os.listdir(snippets)) if os.path.isdir(snippets) else []:
    for js in sorted(os.listdir(os.path.join(snippets, folder))):
        if re.fullmatch(r"inline\d+-[0-9a-f]{16}\.js", js) and js not in imported:
            os.remove(os.path.join(snippets, folder, js))
            where = re.escape("snippets/" + folder + "/" + js)
            rewrite(index, lambda text: re.sub(r'<link rel="modulepreload"[^>]*href="[^"]*' + where + r'"[^>]*>', "", text))
            with open(index, encoding="utf-8") as f:
                if js in f.read():
                    sys.exit("split-post-build: index.html still names " + js + ", which nothing imports")
# Every JavaScript file minified by terser (node_modules): the wasm-bindgen glue 11.9 -> 9.3 KB
# gzip, the page modules' loader 2.7 -> 1.6 KB, the service worker 1.6 -> 1.4 KB. Only local
# names are mangled: the wasm's import names are object keys and stay. The modules' preload
# integrity is recomputed for their new bytes.
for root, _, files in os.walk(staging):
    for js in files:
        if not js.endswith(".js"):
            continue
        path = os.path.join(root, js)
        module = [] if js == "sw.js" else ["--module"]
        subprocess.run([terser, path, *module, "--compress", "--mangle", "-o", path], check=True)
        with open(path, "rb") as f:
            digest = integrity(f.read())
        name = re.escape(js)
        rewrite(index, lambda html: re.sub(
            r'(<link[^>]*href="[^"]*/' + name + r'"[^>]*integrity=")[^"]*(")',
            lambda m: m.group(1) + digest + m.group(2), html))
# The stylesheets, minified and joined into one file in the order index.html links them (the
# cascade is unchanged): one request instead of six before the first paint, and one gzip stream
# (1.8 KB less than six).
with open(index, encoding="utf-8") as f:
    html = f.read()
link = r'<link rel="stylesheet" href="(/?)([^"/]+\.css)"[^>]*>'
links = re.findall(link, html)
if links:
    joined = ""
    for _, name in links:
        path = os.path.join(staging, name)
        with open(path, encoding="utf-8") as f:
            joined += stylesheet(f.read())
        os.remove(path)
    data = joined.encode("utf-8")
    name = "app-" + hashlib.sha256(data).hexdigest()[:16] + ".css"
    with open(os.path.join(staging, name), "wb") as f:
        f.write(data)
    # Trunk's subresource integrity, for the joined bytes.
    tag = f'<link rel="stylesheet" href="{links[0][0]}{name}" integrity="{integrity(data)}"/>'
    html = re.sub(link, "@@STYLESHEET@@", html, count=1)
    html = re.sub(r"\s*" + link, "", html).replace("@@STYLESHEET@@", tag)
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)
rewrite(index, page)
PY
  if command -v node > /dev/null && [[ -f "$staging/sw.js" ]]; then
    node --check "$staging/sw.js" || { echo "split-post-build: sw.js no longer parses" >&2; exit 1; }
  fi
}

# The Spanish texts the boot shell in index.html names as {{es:key}} (every build: the page must
# never show a key).
boot_texts() {
  python3 - "$staging/index.html" "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/locales/es" <<'PY'
import glob, html, json, os, re, sys
page, folder = sys.argv[1], sys.argv[2]
texts = {}
for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
    with open(path, encoding="utf-8") as f:
        texts.update(json.load(f))
with open(page, encoding="utf-8") as f:
    text = f.read()
missing = sorted({k for k in re.findall(r"\{\{es:([a-z0-9_.]+)\}\}", text) if k not in texts})
if missing:
    sys.exit("split-post-build: index.html names texts locales/es lacks: " + ", ".join(missing))
text = re.sub(r"\{\{es:([a-z0-9_.]+)\}\}", lambda m: html.escape(texts[m.group(1)], quote=False), text)
with open(page, "w", encoding="utf-8") as f:
    f.write(text)
PY
}

# The app's code is fetched after the page's first paint: Trunk's preload of the main wasm goes,
# and its loader waits for a painted frame (or 200 ms, for a tab opened in the background, which
# paints nothing) before it fetches and starts the wasm. On a slow link the first screen in
# index.html no longer shares the bandwidth with the code (Lighthouse's phone simulation tied the
# largest paint to the wasm whenever the wasm arrived before the paint: 2.55 s against 0.8 s).
code_after_first_paint() {
  python3 - "$staging/index.html" <<'PY'
import re, sys
page = sys.argv[1]
with open(page, encoding="utf-8") as f:
    html = f.read()
html, preloads = re.subn(r'\s*<link rel="preload"[^>]*href="[^"]*mesa-web-[0-9a-f]+_bg\.wasm"[^>]*>', "", html)
start = "const wasm = await init("
if preloads != 1 or html.count(start) != 1:
    sys.exit("split-post-build: index.html's wasm preload or loader is not as expected")
wait = "await new Promise((go) => { requestAnimationFrame(() => setTimeout(go, 0)); setTimeout(go, 200); });\n"
html = html.replace(start, wait + start)
with open(page, "w", encoding="utf-8") as f:
    f.write(html)
PY
}

split_modules
boot_texts
code_after_first_paint
shrink_static
# Then, whatever the build: the Content-Security-Policy hashes the page as left above.
python3 "$(dirname "${BASH_SOURCE[0]}")/csp-post-build.py"
# The site's version, a hash of every file as left above: its service worker's and texts' `?v=`.
python3 "$(dirname "${BASH_SOURCE[0]}")/site-version.py" "$staging"
# Last, in release builds: every file as the server will send it (gzip, brotli).
bash "$(dirname "${BASH_SOURCE[0]}")/precompress-post-build.sh"
