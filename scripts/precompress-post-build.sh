#!/usr/bin/env bash
# Trunk post_build hook step (called last by scripts/split-post-build.sh) for release builds:
# writes `file.gz` (gzip -9) and, where the `brotli` command is installed (scripts/setup.sh
# installs it), `file.br` (brotli -q 11) beside every text and wasm file of the site, so a server
# sends them as they are (nginx `gzip_static` / `brotli_static`, Caddy `precompressed`): see
# deploy/ and the README's hosting section. The originals stay for clients that ask for neither.
set -euo pipefail
staging="${TRUNK_STAGING_DIR:?run by Trunk}"
[[ "${TRUNK_PROFILE:-}" == "release" ]] || exit 0
has_brotli=0
command -v brotli > /dev/null && has_brotli=1
[[ $has_brotli -eq 1 ]] || echo "precompress: brotli is not installed (scripts/setup.sh); writing .gz only" >&2
while IFS= read -r -d '' file; do
  gzip -9 -n -k -f "$file"
  [[ $has_brotli -eq 1 ]] && brotli -q 11 -k -f "$file"
done < <(find "$staging" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \
  -o -name '*.json' -o -name '*.svg' -o -name '*.webmanifest' -o -name '*.txt' \) -print0)
