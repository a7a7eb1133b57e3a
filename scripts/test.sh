#!/usr/bin/env bash
# Every test: Rust (native + wasm under Node), clippy with the panic lints, the packed npm package.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test"
cargo test --quiet
echo "== cargo clippy (panic lints denied in the crate root)"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
echo "== wasm-bindgen tests under node"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --quiet --target wasm32-unknown-unknown --test wasm
echo "== build the npm package"
scripts/build.sh
echo "== JavaScript against the packed package"
scripts/test-js.sh
echo "== admin page in Chromium"
scripts/test-www.sh
