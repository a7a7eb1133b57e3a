#!/usr/bin/env bash
# Installs the toolchain pieces the build and tests need; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
# 0.2.129 must match the wasm-bindgen crate pinned in Cargo.toml (0.2.130 does not install here).
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.129" ]; then
  cargo install wasm-bindgen-cli --version 0.2.129 --locked
fi
# npm ci only when the installed tree is missing or older than the lockfile.
if [ ! tests/js/node_modules/.package-lock.json -nt tests/js/package-lock.json ]; then
  (cd tests/js && npm ci --no-audit --no-fund)
fi
# cargo-fuzz for the fuzz smoke run in scripts/test.sh (works on stable with RUSTC_BOOTSTRAP=1).
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz 0.13.2" ]; then
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
