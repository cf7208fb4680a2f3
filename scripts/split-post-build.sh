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

# Release builds: the service worker without its comment lines and indentation (the first load
# fetches it: 2.9 KB -> 1.6 KB gzip); Node.js checks the result still parses.
shrink_service_worker() {
  [[ "${TRUNK_PROFILE:-}" == "release" && -f "$staging/sw.js" ]] || return 0
  python3 - "$staging/sw.js" <<'PY'
import sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().split("\n")
kept = [l.strip() for l in lines if l.strip() and not l.strip().startswith("//")]
open(path, "w", encoding="utf-8").write("\n".join(kept) + "\n")
PY
  if command -v node > /dev/null; then
    node --check "$staging/sw.js" || { echo "split-post-build: sw.js no longer parses" >&2; exit 1; }
  fi
}

split_modules
shrink_service_worker
# Then, whatever the build: the Content-Security-Policy hashes the page as left above.
python3 "$(dirname "${BASH_SOURCE[0]}")/csp-post-build.py"
# Last, in release builds: every file as the server will send it (gzip, brotli).
bash "$(dirname "${BASH_SOURCE[0]}")/precompress-post-build.sh"
