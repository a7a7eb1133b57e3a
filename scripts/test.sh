#!/usr/bin/env bash
# Every test: formatting, Rust (native + wasm under Node), clippy with the panic lints, the packed npm package.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "== cargo fmt --check (.rustfmt.toml; the fuzz crate too)"
cargo fmt --check
(cd fuzz && cargo fmt --check)
echo "== cargo test"
cargo test --quiet
echo "== cargo clippy (panic lints denied in the crate root)"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings # the lite module
echo "== fuzz smoke: every target ${FUZZ_SECONDS:-10} s (longer: scripts/fuzz-smoke.sh 60)"
scripts/fuzz-smoke.sh "${FUZZ_SECONDS:-10}"
echo "== wasm-bindgen tests under node"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --test wasm
echo "== build the npm package"
scripts/build.sh
echo "== JavaScript against the packed package"
scripts/test-js.sh
echo "== the WeChat Pay emulator against the packed package"
scripts/test-emulator.sh
echo "== the tarball in a consumer project: ESM, CommonJS, TypeScript, publint, attw"
scripts/test-consumer.sh
echo "== interop with the peer SDKs; examples in workerd and Node"
scripts/test-interop.sh
echo "== exactly-once webhooks: D1 / Durable Objects in workerd, 4 processes on PostgreSQL, sql.js, reconciliation against the emulator"
scripts/test-webhooks.sh
echo "== newcomer run: the tarball in a fresh project, the README's Node block, examples/worker in wrangler dev against the emulator"
scripts/test-newcomer.sh
echo "== cargo deny: advisories, licenses, bans, sources"
scripts/audit.sh
echo "== admin page in Chromium"
scripts/test-www.sh
