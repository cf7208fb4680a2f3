#!/usr/bin/env bash
# First-load transfer size (issue #5): builds the release app into dist-size/ and prints the raw
# and `gzip -9` size of every wasm, JS and CSS file that index.html loads (with the modules its
# JavaScript imports), the total and the goal; then the pages' wasm modules, which the browser
# fetches only when a page first opens (the `split` feature, src/app/split.rs and src/ui/split.rs).
#
#   scripts/size.sh              build, then measure
#   MESA_SIZE_NO_BUILD=1 scripts/size.sh [DIST]   measure an existing dist (default dist-size)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MESA_ROOT"
DIST="${1:-dist-size}"
GOAL=400000 # bytes of gzip (400 KB; the stricter reading of "KB")

if [[ -z "${MESA_SIZE_NO_BUILD:-}" ]]; then
  trunk build --release --features split --dist "$DIST" >&2
fi

# The files the page loads: link href / script src / module imports in the built index.html.
mapfile -t files < <(grep -oE "(href|src)=\"[^\"]+\"|from '[^']+'|from \"[^\"]+\"|['\"][^'\" ]+\.(wasm|js|css)['\"]" \
  "$DIST/index.html" | grep -oE "[^'\"=]+\.(wasm|js|css)" | sed 's|^\./||; s|^/||' | sort -u)
# ...and the modules that JavaScript imports statically (`from "./x.js"`), relative to it.
queue=()
for f in "${files[@]}"; do [[ "$f" == *.js ]] && queue+=("$f"); done
while [[ ${#queue[@]} -gt 0 ]]; do
  js="${queue[0]}"
  queue=("${queue[@]:1}")
  while IFS= read -r import; do
    resolved="$(realpath -m --relative-to="$DIST" "$DIST/$(dirname "$js")/$import")"
    if [[ ! " ${files[*]} " == *" $resolved "* ]]; then
      files+=("$resolved")
      queue+=("$resolved")
    fi
  done < <(grep -oE "from *['\"][^'\"]+\.js['\"]" "$DIST/$js" | sed -E "s/^from *['\"]//; s/['\"]$//" | sort -u)
done
if [[ ${#files[@]} -eq 0 ]]; then
  echo "no wasm/js/css found in $DIST/index.html" >&2
  exit 1
fi
# ...the page itself, the service worker it registers, and what the browser asks for beside them
# (the web app manifest and the icon it names)...
files+=("index.html" "sw.js" "manifest.webmanifest" "icons/icon.svg")
# ...and what the app itself fetches to open the queue: the desk's process. A new desk runs on
# the default preset (DEFAULT_PROFILE in src/app/desk.rs); the English texts are fetched only
# when English is chosen (listed below).
files+=("profiles/p4-callmyway.json")
mapfile -t files < <(printf '%s\n' "${files[@]}" | awk '!seen[$0]++')

total_raw=0
total_gz=0
printf '%-48s %10s %10s\n' file raw gzip-9
for f in "${files[@]}"; do
  path="$DIST/$f"
  [[ -f "$path" ]] || { echo "the first load needs $f but $path is missing" >&2; exit 1; }
  raw=$(stat -c %s "$path")
  gz=$(gzip -9 -c "$path" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-48s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-48s %10d %10d\n' TOTAL "$total_raw" "$total_gz"
printf 'total gzip: %d bytes = %.1f KB (goal <= %d KB gzip): %s\n' "$total_gz" \
  "$(awk -v b="$total_gz" 'BEGIN { print b / 1000 }')" $((GOAL / 1000)) \
  "$([[ $total_gz -le $GOAL ]] && echo MET || echo "NOT MET, $((total_gz - GOAL)) bytes over")"

# The texts the app fetches after the first load: the whole Spanish files once the queue has
# loaded (the first screen's texts are in the wasm), the English ones when the user chooses English.
shopt -s nullglob
texts() {
  local label="$1"
  shift
  [[ $# -gt 0 ]] || return 0
  local raw=0 gz=0
  for f in "$@"; do
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
  done
  printf '%-48s %10d %10d\n' "$label ($# files)" "$raw" "$gz"
}
echo
texts "Spanish texts, after the queue shows" "$DIST"/locales/es/*.json
texts "English texts, when chosen" "$DIST"/locales/en/*.json

# The modules loaded on demand: a page's the first time it opens, never on the first load;
# due_events when the due runner finds something due, queue_cache when the queue's summary
# cache lacks tickets, sync_session when a configured desk syncs.
pages=("$DIST"/snippets/split-*/split_*.wasm)
if [[ ${#pages[@]} -gt 0 ]]; then
  [[ -f "$DIST/split-manifest.json" ]] || { echo "$DIST/split-manifest.json is missing" >&2; exit 1; }
  gz_of() { gzip -9 -c "$1" | wc -c; }
  printf '\n%-36s %10s %10s %12s\n' "loaded on demand" raw gzip-9 "+shared gz"
  # The manifest (written by mesa-wasm-split, tools/wasm-split/src/manifest.rs) names each split
  # point's module (none when all its code is shared) and the shared modules it needs.
  while IFS='|' read -r name file shared; do
    with_shared=0
    raw=0
    gz=0
    if [[ -n "$file" ]]; then
      raw=$(stat -c %s "$DIST/$file")
      gz=$(gz_of "$DIST/$file")
      with_shared=$gz
    fi
    for chunk in $shared; do
      with_shared=$((with_shared + $(gz_of "$DIST/$chunk")))
    done
    printf '%-36s %10d %10d %12d\n' "$name" "$raw" "$gz" "$with_shared"
  done < <(python3 -c '
import json, sys
for name, m in sorted(json.load(open(sys.argv[1]))["modules"].items()):
    print(name, m["file"] or "", " ".join(m["shared"]), sep="|")
' "$DIST/split-manifest.json")
  mapfile -t shared < <(python3 -c '
import json, sys
for chunk in sorted(json.load(open(sys.argv[1]))["chunks"]):
    print(chunk)
' "$DIST/split-manifest.json")
  shared_raw=0
  shared_gz=0
  for f in "${shared[@]}"; do
    shared_raw=$((shared_raw + $(stat -c %s "$DIST/$f")))
    shared_gz=$((shared_gz + $(gz_of "$DIST/$f")))
  done
  printf '%-36s %10d %10d\n' "code shared by them (${#shared[@]} modules)" "$shared_raw" "$shared_gz"
  echo "(+shared gz: the module with every shared module it needs: what its first use fetches at most)"
fi
