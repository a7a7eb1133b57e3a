#!/usr/bin/env bash
# Runs the emulator suites (tests/emulator) against the packed tarball, installed like a user
# would. sql.js (the package's optional peer dependency, for --state on Node < 22.5) comes from
# tests/emulator's devDependencies (package-lock.json). Builds first when the tarball is
# missing or older than the sources it is made from.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
tarball="dist/wechatpay-edge-$version.tgz"
if [ ! -f "$tarball" ] || [ -n "$(find pkg-template src Cargo.toml tests/fixtures scripts/build.sh scripts/stamp.mjs -newer "$tarball" -type f -print -quit)" ]; then
  bash scripts/build.sh >/dev/null
fi

cd tests/emulator
[ -d node_modules/sql.js ] || npm ci --no-audit --no-fund >/dev/null
# --no-save: the tarball is this build's, not a dependency to record.
npm install --no-save --no-audit --no-fund --no-package-lock "../../$tarball" >/dev/null 2>&1 \
  || npm install --no-save --no-audit --no-fund --no-package-lock "../../$tarball"

echo "== node --test (emulator, packed package)"
node --test --test-reporter=spec ./*.test.mjs
