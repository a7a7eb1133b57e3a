#!/usr/bin/env bash
# Runs the JavaScript suites against the packed tarball, installed like a user would.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
tarball="dist/wechatpay-edge-$version.tgz"
[ -f "$tarball" ] || scripts/build.sh

cd tests/js
[ -d node_modules/miniflare ] && [ -d node_modules/typescript ] || npm ci --no-audit --no-fund
# --no-save: the tarball is this build's, not a dependency to record.
npm install --no-save --no-audit --no-fund "../../$tarball" >/dev/null 2>&1

echo "== node --test (packed package)"
node --test --test-reporter=spec ./*.test.mjs
echo "== node --test without globalThis.Buffer"
WXE_NO_BUFFER=1 node --import ./helpers/no-buffer.mjs --test --test-reporter=spec ./package.test.mjs ./node.test.mjs
