#!/usr/bin/env bash
# Tests the admin page (www/) in real Chromium: Debian's chromium driven by playwright-core.
# Screenshots land in test-results/www/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
# CJK glyphs for legible screenshots (the tests pass without them).
if command -v fc-list >/dev/null && ! fc-list :lang=zh | grep -q .; then
  apt-get install -y fonts-wqy-zenhei >/dev/null 2>&1 || echo "note: no CJK font; screenshots will show boxes for Chinese"
fi
[ -f dist/pkg/wechatpay_edge_bg.wasm ] || scripts/build.sh

rm -rf www/pkg
mkdir -p www/pkg
cp -R dist/pkg/. www/pkg/
rm -f www/pkg/*.tgz

(cd tests/www && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund; })

port=$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
log=$(mktemp)
node www/serve.mjs "$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 50); do
  grep -q "127.0.0.1:$port" "$log" && break
  sleep 0.1
done
grep -q "127.0.0.1:$port" "$log" || { echo "server did not start:"; cat "$log"; exit 1; }

echo "== node --test tests/www (Chromium $(chromium --version 2>/dev/null | awk '{print $2}'), page at http://127.0.0.1:$port/)"
WWW_URL="http://127.0.0.1:$port/" node --test --test-concurrency=1 --test-reporter=spec tests/www/*.test.mjs
