#!/usr/bin/env bash
# Sets up what is missing, builds the app in release mode and serves it at http://127.0.0.1:8080
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$MESA_ROOT/scripts/setup.sh"
cd "$MESA_ROOT"
# The sync endpoints the page may reach (its Content-Security-Policy, scripts/csp-post-build.py):
# for a local trial, any server on this machine; a provider's build names its own.
export MESA_CONNECT_SRC="${MESA_CONNECT_SRC:-http://127.0.0.1:* http://localhost:*}"
echo "Mesa: building and serving at http://127.0.0.1:8080 (Ctrl+C to stop)"
exec trunk serve --release --features split --address 127.0.0.1 --port 8080
