#!/usr/bin/env bash
# Builds the npm package: the full and the lite wasm modules → wasm-bindgen (--target web) →
# pkg-template merged over them → version stamped → dist/wechatpay-edge-<version>.tgz.
# The lite module (wechatpay-edge/lite: webhooks and signing with the runtime's own crypto) is
# the same crate without its `full` feature, built for size (Cargo.toml, profile.lite).
set -euo pipefail
cd "$(dirname "$0")/.."

out=dist/pkg
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

cargo build --lib --release --target wasm32-unknown-unknown
cargo build --lib --profile lite --no-default-features --target wasm32-unknown-unknown
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" --out-name wechatpay_edge \
  target/wasm32-unknown-unknown/release/wechatpay_edge.wasm
wasm-bindgen --target web --out-dir "$out" --out-name wechatpay_edge_lite \
  target/wasm32-unknown-unknown/lite/wechatpay_edge.wasm
# wasm-bindgen's own typings describe internal names; the package ships its own (index.d.ts, re-exporting generated/*.d.ts).
rm -f "$out"/wechatpay_edge*.d.ts "$out"/wechatpay_edge*_bg.wasm.d.ts

cp -R pkg-template/. "$out"/
cp README.md LICENSE "$out"/
# The admin page (`npx wechatpay-edge admin`): www's static files next to pkg-template/admin/server.js.
cp www/index.html www/style.css www/split-plan.example.json "$out"/admin/
cp -R www/js "$out"/admin/js
node scripts/stamp.mjs "$out" "$version"

rm -f dist/wechatpay-edge-*.tgz
(cd "$out" && npm pack --silent --pack-destination .. >/dev/null)
ls -l dist/wechatpay-edge-"$version".tgz
