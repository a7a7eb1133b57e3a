#!/usr/bin/env bash
# Quick start, first command: set up, build the package, run the demo on the bundled test keys.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
[ -f dist/pkg/wechatpay_edge_bg.wasm ] || bash scripts/build.sh >/dev/null
node examples/demo.mjs
