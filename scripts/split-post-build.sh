#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml) for the `split` feature (src/ui/split.rs): points the page
# modules' loader at the main JavaScript's hashed name, drops Trunk's preloads of them and, in
# release builds, optimises every page module for size as Trunk's wasm-opt does the main one
# (nothing of this in builds without split points). Then, in every build, writes the
# Content-Security-Policy into index.html (scripts/csp-post-build.py) and, in release builds,
# the precompressed copies of every file (scripts/precompress-post-build.sh).
set -euo pipefail
staging="${TRUNK_STAGING_DIR:?run by Trunk}"
shopt -s nullglob

split_modules() {
  loaders=("$staging"/snippets/split-*/__wasm_split.js)
  [[ ${#loaders[@]} -gt 0 ]] || return 0
  mains=("$staging"/mesa-web-*.js)
  [[ ${#mains[@]} -eq 1 ]] || { echo "split-post-build: expected one mesa-web-*.js, found ${#mains[@]}" >&2; exit 1; }
  main_js="$(basename "${mains[0]}")"
  for loader in "${loaders[@]}"; do
    grep -q '"../../mesa-web.js"' "$loader" \
      || { echo "split-post-build: $loader does not import ../../mesa-web.js" >&2; exit 1; }
    sed -i "s|\"../../mesa-web.js\"|\"../../$main_js\"|" "$loader"
  done
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
}

# Release builds: the first load's text files without what only a reader of the source needs
# (2.9 -> 1.6 KB gzip for the service worker, 7.7 -> 6.6 KB for the stylesheets): the service
# worker's comment lines and indentation (Node.js checks it still parses), the stylesheets'
# comments and the blanks around `{ } ; ,`, index.html's comments.
shrink_static() {
  [[ "${TRUNK_PROFILE:-}" == "release" ]] || return 0
  python3 - "$staging" <<'PY'
import base64, glob, hashlib, os, re, sys
staging = sys.argv[1]
def rewrite(path, change):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(change(text))
def worker(text):
    kept = [l.strip() for l in text.split("\n") if l.strip() and not l.strip().startswith("//")]
    return "\n".join(kept) + "\n"
def stylesheet(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*([{};,])\s*", r"\1", text).replace(";}", "}").strip() + "\n"
def page(text):
    return re.sub(r"\s*<!--.*?-->", "", text, flags=re.S)
if os.path.exists(os.path.join(staging, "sw.js")):
    rewrite(os.path.join(staging, "sw.js"), worker)
index = os.path.join(staging, "index.html")
for css in glob.glob(os.path.join(staging, "*.css")):
    rewrite(css, stylesheet)
    # Trunk's subresource integrity hash of the stylesheet, for its new bytes.
    with open(css, "rb") as f:
        digest = "sha384-" + base64.b64encode(hashlib.sha384(f.read()).digest()).decode()
    name = re.escape(os.path.basename(css))
    rewrite(index, lambda html: re.sub(
        r'(<link[^>]*href="[^"]*' + name + r'"[^>]*integrity=")[^"]*(")',
        lambda m: m.group(1) + digest + m.group(2), html))
rewrite(index, page)
PY
  if command -v node > /dev/null && [[ -f "$staging/sw.js" ]]; then
    node --check "$staging/sw.js" || { echo "split-post-build: sw.js no longer parses" >&2; exit 1; }
  fi
}

split_modules
shrink_static
# Then, whatever the build: the Content-Security-Policy hashes the page as left above.
python3 "$(dirname "${BASH_SOURCE[0]}")/csp-post-build.py"
# Last, in release builds: every file as the server will send it (gzip, brotli).
bash "$(dirname "${BASH_SOURCE[0]}")/precompress-post-build.sh"
