#!/usr/bin/env bash
# Builds the npm package: wasm (release) → wasm-bindgen (--target web) → pkg-template merged
# over it → version stamped → test keys embedded → dist/wechatpay-edge-<version>.tgz.
set -euo pipefail
cd "$(dirname "$0")/.."

out=dist/pkg
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

cargo build --lib --release --target wasm32-unknown-unknown
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" --out-name wechatpay_edge \
  target/wasm32-unknown-unknown/release/wechatpay_edge.wasm
# wasm-bindgen's own typings describe internal names; the package ships its own (index.d.ts, re-exporting generated/*.d.ts).
rm -f "$out"/wechatpay_edge.d.ts "$out"/wechatpay_edge_bg.wasm.d.ts

cp -R pkg-template/. "$out"/
cp README.md LICENSE "$out"/
# The admin page (`npx wechatpay-edge admin`): www's static files next to pkg-template/admin/server.js.
cp www/index.html www/style.css www/split-plan.example.json "$out"/admin/
cp -R www/js "$out"/admin/js
node scripts/stamp.mjs "$out" "$version"

rm -f dist/wechatpay-edge-*.tgz
(cd "$out" && npm pack --silent --pack-destination .. >/dev/null)
ls -l dist/wechatpay-edge-"$version".tgz
