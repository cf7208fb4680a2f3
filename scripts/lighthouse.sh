#!/usr/bin/env bash
# Lighthouse scores of the release build served the way the README tells providers to serve it:
# deploy/nginx.conf (precompressed files, caching, headers) under Debian's nginx, on loopback.
# Mobile (Lighthouse's default: a mid-range phone on a slow 4G link, simulated) and desktop.
# Prints the human lines, then `mesa-bench lighthouse METRIC=VALUE` lines (issue #15: mobile
# performance >= 90, largest contentful paint <= 2.5 s, layout shift <= 0.05).
#
#   scripts/lighthouse.sh                              build into dist-lighthouse/, then measure
#   MESA_LIGHTHOUSE_NO_BUILD=1 scripts/lighthouse.sh DIST   measure an existing release build
#
# Installs what is missing: nginx with its brotli module (Debian) and Lighthouse (npm, into
# ~/.cache/mesa/lighthouse). Chromium is Debian's (scripts/setup.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MESA_ROOT"
DIST="$(realpath -m "${1:-dist-lighthouse}")"
LIGHTHOUSE_VERSION=12.8.2 # 13 needs Node.js 22; the machine's is 20
LH_DIR="$HOME/.cache/mesa/lighthouse"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [[ -z "${MESA_LIGHTHOUSE_NO_BUILD:-}" ]]; then
  "$MESA_ROOT/scripts/setup.sh" >&2
  trunk build --release --features split --dist "$DIST" >&2
fi
[[ -f "$DIST/index.html" && -f "$DIST/_headers/nginx.conf" ]] \
  || { echo "lighthouse: $DIST is not a release build of Mesa" >&2; exit 1; }
if ! command -v nginx > /dev/null || [[ ! -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]]; then
  echo "lighthouse: installing nginx and its brotli module" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nginx-light libnginx-mod-http-brotli-static >&2
fi
installed="$(node -p "require('$LH_DIR/node_modules/lighthouse/package.json').version" 2> /dev/null || true)"
if [[ "$installed" != "$LIGHTHOUSE_VERSION" ]]; then
  echo "lighthouse: installing Lighthouse $LIGHTHOUSE_VERSION" >&2
  mkdir -p "$LH_DIR"
  (cd "$LH_DIR" && npm install --no-audit --no-fund "lighthouse@$LIGHTHOUSE_VERSION" >&2)
fi

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
sed -e "s|/srv/mesa/dist|$DIST|g" -e "s|listen 8080;|listen 127.0.0.1:$port;|" \
  -e "s|server_name mesa.example.com;|server_name localhost;|" deploy/nginx.conf > "$work/site.conf"
cat > "$work/nginx.conf" <<EOF
include /etc/nginx/modules-enabled/*.conf;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/site.conf;
}
EOF
nginx -t -q -c "$work/nginx.conf" -e "$work/error.log"
nginx -c "$work/nginx.conf" -e "$work/error.log"
trap 'kill "$(cat "$work/nginx.pid")" 2> /dev/null || true; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port/"
# The site as served: compressed (brotli first), the policy as a header.
headers="$(curl -s -D - -o /dev/null -H 'Accept-Encoding: br, gzip' "$url")"
grep -qi '^content-encoding: br' <<< "$headers" || { echo "lighthouse: $url is not sent compressed" >&2; exit 1; }
grep -qi '^content-security-policy:' <<< "$headers" || { echo "lighthouse: $url has no policy header" >&2; exit 1; }

run() { # form factor (mobile | desktop)
  local preset=()
  [[ "$1" == desktop ]] && preset=(--preset=desktop)
  CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" "$url" "${preset[@]}" \
    --only-categories=performance,accessibility,best-practices,seo --output=json \
    --output-path="$work/$1.json" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic" >&2
}
run mobile
run desktop
# MESA_LIGHTHOUSE_OUT=DIR keeps the two full reports (Lighthouse's JSON) for a closer look.
if [[ -n "${MESA_LIGHTHOUSE_OUT:-}" ]]; then
  mkdir -p "$MESA_LIGHTHOUSE_OUT"
  cp "$work/mobile.json" "$work/desktop.json" "$MESA_LIGHTHOUSE_OUT/"
fi
node - "$work/mobile.json" "$work/desktop.json" <<'EOF'
const fs = require('node:fs');
const [mobile, desktop] = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
for (const [name, r] of [['mobile', mobile], ['desktop', desktop]]) {
  const score = (c) => Math.round(r.categories[c].score * 100);
  const audit = (a) => r.audits[a].numericValue;
  console.log(`${name}: performance ${score('performance')}, accessibility ${score('accessibility')}, `
    + `best practices ${score('best-practices')}, SEO ${score('seo')}; largest contentful paint `
    + `${(audit('largest-contentful-paint') / 1000).toFixed(2)} s, layout shift `
    + `${audit('cumulative-layout-shift').toFixed(3)}, total blocking time ${Math.round(audit('total-blocking-time'))} ms`);
  // What the largest paint was, and where its time went (Lighthouse's own breakdown).
  const lcp = r.audits['largest-contentful-paint-element']?.details?.items ?? [];
  const node = lcp[0]?.items?.[0]?.node;
  if (node) console.log(`  largest paint: ${node.nodeLabel} (${node.selector})`);
  for (const phase of lcp[1]?.items ?? []) {
    console.log(`    ${phase.phase}: ${Math.round(phase.timing)} ms`);
  }
}
for (const [name, r] of [['mobile', mobile], ['desktop', desktop]]) {
  const line = (metric, value) => console.log(`mesa-bench lighthouse ${metric}_${name}=${value}`);
  for (const c of ['performance', 'accessibility', 'best-practices', 'seo']) {
    line(c.replace('-', '_'), Math.round(r.categories[c].score * 100));
  }
  line('lcp_ms', Math.round(r.audits['largest-contentful-paint'].numericValue));
  line('cls', r.audits['cumulative-layout-shift'].numericValue.toFixed(3));
  line('tbt_ms', Math.round(r.audits['total-blocking-time'].numericValue));
}
EOF
