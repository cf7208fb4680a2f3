#!/usr/bin/env bash
# Installs, only when missing, everything Mesa needs to build, run and test:
# the wasm32 target, wasm-bindgen-cli (pinned), Trunk 0.21.14, Debian chromium + chromium-driver
# and brotli, the npm tools from the committed lockfile (playwright-core, pouchdb-server,
# binaryen's wasm-opt), aiosmtpd (PyPI), Dovecot (Debian) and openssl: the SMTP and IMAP servers
# of the agent's tests and their certificates. Nothing downloads a prebuilt binary from the
# internet: only the package registries.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MESA_ROOT"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 minutes the first time)"
  # Not --locked: its lockfile names a yanked crate the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "installing trunk $TRUNK_VERSION (about 15 minutes the first time)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# mesa-wasm-split (tools/wasm-split), the `split` feature's build step; reinstalled when its
# source changes (every file under src/, modules in folders included).
split_stamp="$(find tools/wasm-split/src -name '*.rs' | LC_ALL=C sort | xargs cat tools/wasm-split/Cargo.toml tools/wasm-split/Cargo.lock | sha256sum | cut -c1-16)"
if [ "$(cat "$MESA_TOOLS/mesa-wasm-split.stamp" 2>/dev/null)" != "$split_stamp" ] || ! command -v mesa-wasm-split >/dev/null; then
  say "installing mesa-wasm-split from tools/wasm-split (about 2 minutes the first time)"
  CARGO_TARGET_DIR="$HOME/.cache/mesa/tools-target" \
    cargo install --locked --force --path tools/wasm-split --root "$MESA_TOOLS"
  echo "$split_stamp" >"$MESA_TOOLS/mesa-wasm-split.stamp"
fi

if [ ! -x "$MESA_CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
  say "installing Debian chromium and chromium-driver"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver
fi

# Release builds write every file brotli-compressed too (scripts/precompress-post-build.sh).
if ! command -v brotli >/dev/null; then
  say "installing Debian brotli"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq brotli
fi

if ! cmp -s package-lock.json node_modules/.mesa-installed-lock 2>/dev/null; then
  say "installing npm test tools from package-lock.json (a few minutes the first time)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.mesa-installed-lock
fi

# The agent's tests (tests/engine/agent.rs) mail through a real SMTP server: aiosmtpd from PyPI.
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  say "installing aiosmtpd (PyPI) for the agent's mail tests"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-pip
  fi
  # A Debian system Python refuses user installs without --break-system-packages (PEP 668).
  python3 -m pip install --user --quiet aiosmtpd 2>/dev/null \
    || python3 -m pip install --user --quiet --break-system-packages aiosmtpd
  python3 -c 'import aiosmtpd'
fi

# The agent's mail-in tests (tests/engine/agent_imap.rs) read a real IMAP server: Debian's Dovecot,
# run by each test in the foreground with its own configuration (the package's own service is not
# needed: policy-rc.d or not, the tests never use it).
if [ ! -x /usr/sbin/dovecot ]; then
  say "installing Debian dovecot-imapd for the agent's mail-in tests"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq dovecot-imapd
fi

# The agent's STARTTLS test makes its certificates with openssl.
if ! command -v openssl >/dev/null; then
  say "installing Debian openssl for the agent's TLS mail test"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq openssl
fi

say "ready: $(wasm-bindgen --version), $(trunk --version), $("$MESA_CHROMIUM" --version 2>/dev/null | head -n1)"
