#!/usr/bin/env bash
# Serves the admin page: copies the built package (dist/pkg) next to it as www/pkg/ and
# starts the tiny static server on 127.0.0.1. Usage: scripts/www.sh [port]  (default 8080; 0 = any free port)
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f dist/pkg/wechatpay_edge_bg.wasm ] || scripts/build.sh
rm -rf www/pkg
mkdir -p www/pkg
cp -R dist/pkg/. www/pkg/
rm -f www/pkg/*.tgz
exec node www/serve.mjs "${1:-8080}"
