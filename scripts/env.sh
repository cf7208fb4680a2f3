# Shared settings for the scripts (sourced, not run).
# shellcheck shell=bash
MESA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MESA_ROOT
export WASM_BINDGEN_VERSION=0.2.130
export TRUNK_VERSION=0.21.14
# Cargo's build cache lives outside the clone so a fresh clone (and CI) reuses earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mesa/target}"
# scripts/bin first: its wasm-bindgen runs the `split` step before the real one (src/ui/split.rs);
# ~/.cache/mesa/tools/bin holds that step's tool, mesa-wasm-split (scripts/setup.sh).
export MESA_TOOLS="$HOME/.cache/mesa/tools"
export PATH="$MESA_ROOT/scripts/bin:$MESA_TOOLS/bin:$HOME/.cargo/bin:$MESA_ROOT/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export MESA_CHROMIUM="${MESA_CHROMIUM:-/usr/bin/chromium}"
