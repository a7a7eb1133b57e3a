#!/usr/bin/env bash
# Quick start, first command: set up, build the package, then run the whole flow against the
# local WeChat Pay emulator on the bundled test keys (examples/emulator-flow.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
[ -f dist/pkg/wechatpay_edge_bg.wasm ] || bash scripts/build.sh >/dev/null
node examples/emulator-flow.mjs
