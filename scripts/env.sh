# Shared settings for the scripts (sourced, not run).
# shellcheck shell=bash
MESA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MESA_ROOT
export WASM_BINDGEN_VERSION=0.2.130
export TRUNK_VERSION=0.21.14
# Cargo's build cache lives outside the clone so a fresh clone (and CI) reuses earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mesa/target}"
export PATH="$HOME/.cargo/bin:$MESA_ROOT/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export MESA_CHROMIUM="${MESA_CHROMIUM:-/usr/bin/chromium}"
