#!/usr/bin/env bash
# Sets up what is missing and runs every test: formatting and lints, the native domain tests,
# the browser tests (wasm-bindgen-test in headless Chromium), and the end-to-end journeys
# (Playwright driving Chromium against the built app).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$MESA_ROOT/scripts/setup.sh"
cd "$MESA_ROOT"

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
browser_tests=()
for f in tests/browser_*.rs; do browser_tests+=(--test "$(basename "$f" .rs)"); done
cargo clippy --target wasm32-unknown-unknown --lib --bins "${browser_tests[@]}" -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bins --features split -- -D warnings
# tools/wasm-split (mesa-wasm-split, the `split` build step) is a package of its own, built in
# the target folder scripts/setup.sh installs it from.
(cd tools/wasm-split && cargo fmt -- --check && CARGO_TARGET_DIR="$HOME/.cache/mesa/tools-target" cargo clippy --release --all-targets -- -D warnings)

step "native tests (domain, CLI, the fast text crate, the split build step)"
cargo test
# crates/fast-text (the times and folded text a large desk's list reads, compiled for speed):
# its own examples; the engine tests above check it through mesa::domain.
cargo test -p mesa-fast-text
(cd tools/wasm-split && CARGO_TARGET_DIR="$HOME/.cache/mesa/tools-target" cargo test --release --locked)

step "browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown "${browser_tests[@]}"

step "end-to-end tests (Playwright + Chromium against the release build)"
# The test build is the release app (with `split`: pages load their own wasm, src/ui/split.rs) plus the `test-hooks`
# feature (a movable clock, an injectable full disk); it goes to its own folder
# so it never mixes with the dist/ that ./scripts/run.sh serves.
# Its Content-Security-Policy lets it reach the test servers on this machine (pouchdb-server and
# the fault proxy on free ports); the journeys fail on any violation.
# Journey 65 runs `mesa agent` beside a browser tab: the native binary (already built by the tests).
cargo build --bin mesa
export MESA_BIN="$CARGO_TARGET_DIR/debug/mesa"
MESA_CONNECT_SRC="http://127.0.0.1:*" trunk build --release --features split,test-hooks --dist dist-e2e
MESA_DIST="$MESA_ROOT/dist-e2e" node tests/e2e/run.mjs
