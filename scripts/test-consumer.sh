#!/usr/bin/env bash
# The packed tarball as a consumer meets it: `npm install ./wechatpay-edge-x.y.z.tgz` into a
# scratch project, then used from ESM, from CommonJS (await import(); require() where Node can
# require ES modules), under the browser condition, and from TypeScript (tsc --strict, NodeNext,
# with and without @types/node); then publint and @arethetypeswrong/cli on the tarball. The
# install must stay ≤ 3 MB unpacked (tests/consumer/installed-size.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
tarball="$root/dist/wechatpay-edge-$version.tgz"
[ -f "$tarball" ] || scripts/build.sh

cd "$root/tests/consumer"
[ -d node_modules/publint ] && [ -d node_modules/@arethetypeswrong/cli ] && [ -d node_modules/typescript ] && [ -d node_modules/@types/node ] ||
  npm ci --no-audit --no-fund
tools="$root/tests/consumer/node_modules"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp project/* "$scratch"/
cd "$scratch"
# No "type": the project defaults to CommonJS, like most existing Node code bases.
printf '{ "name": "scratch-consumer", "private": true, "version": "0.0.0" }\n' >package.json
echo "== npm install $(basename "$tarball") into $scratch"
npm install --no-audit --no-fund "$tarball" >/dev/null 2>&1
mkdir -p node_modules/@types
ln -s "$tools/@types/node" node_modules/@types/node

passed=0
failed=0
skipped=0
check() {
  local label=$1
  shift
  echo "== $label"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $label" >&2
    failed=$((failed + 1))
  fi
}

# A library user's install: wechatpay-edge and what it pulls in, ≤ 3 MB unpacked (sql.js, 30 MB,
# is the emulator's optional peer for --state and must not come along).
check "installed size: node_modules/wechatpay-edge + dependencies ≤ 3 MB" node "$root/tests/consumer/installed-size.mjs" "$scratch" 3000000
check "ESM import" node esm.mjs
check "CommonJS: await import()" node cjs-import.cjs
if node -e 'process.exit(process.features.require_module ? 0 : 1)'; then
  check "CommonJS: require() of the ES module ($(node --version))" node cjs-require.cjs
else
  echo "== CommonJS: require()"
  echo "skipped: require(esm) needs Node >= 22.12 (or >= 20.19); this is $(node --version)"
  skipped=$((skipped + 1))
fi
check "node --conditions=browser" node --conditions=browser browser-condition.mjs
check "tsc --strict, NodeNext (.mts + .cts), no DOM, no @types/node" node "$tools/typescript/bin/tsc" -p tsconfig.neutral.json
check "tsc --strict, NodeNext (.mts + .cts), with @types/node" node "$tools/typescript/bin/tsc" -p tsconfig.node.json
check "publint --strict (the tarball)" node "$tools/publint/src/cli.js" run --strict "$tarball"
# ESM-only by design ("type": "module", no require condition): the esm-only profile skips the
# CommonJS-resolution rules and checks everything else. ./wechatpay_edge{,_lite}_bg.wasm are binary
# assets exported for bundlers and init(); TypeScript cannot resolve a .wasm, so they are excluded.
check "attw --profile esm-only (the tarball)" node "$tools/@arethetypeswrong/cli/dist/index.js" --profile esm-only \
  --exclude-entrypoints ./wechatpay_edge_bg.wasm ./wechatpay_edge_lite_bg.wasm --format table-flipped --no-color "$tarball"

echo "consumer: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
