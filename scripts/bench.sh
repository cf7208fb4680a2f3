#!/usr/bin/env bash
# Builds the app in release mode with the `test-hooks` feature (window.__mesaBench drives the
# real Rust store) into dist-bench/, then runs the page-level benchmarks in headless Chromium
# and prints their figures. `./scripts/bench.sh write open` runs only the named benchmarks
# (bench/<name>.mjs). Sizes can be lowered for a quick look, e.g.
#   MESA_BENCH_SIZES=10000 MESA_BENCH_EVENTS=20000 ./scripts/bench.sh
# Benchmarks print numbers; nothing asserts on time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MESA_ROOT"
trunk build --release --features split,test-hooks --dist dist-bench
MESA_DIST="$MESA_ROOT/dist-bench" node bench/run.mjs "$@"
