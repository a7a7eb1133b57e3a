#!/usr/bin/env bash
# The first hour, scripted (issue 15): a newcomer with only the packed tarball and the READMEs.
#   1. a fresh project: npm init -y, npm install <tarball>
#   2. README.md "## Install" → "## Node": `npx wechatpay-edge emulate --time-scale 0.01`, then the
#      first ```js block under "## Node", read from README.md and run as written (it must succeed)
#   3. examples/worker/README.md, in a fresh copy of the repository layout (dist/ + examples/worker):
#      npm install, cp .dev.vars.example .dev.vars, `npm run emulate`, `npm run dev` (wrangler dev,
#      local mode), `npm run try`: the emulator delivers a signed 分账动账通知 to the worker, which
#      must ack it (delivery 200).
#   4. `wrangler deploy --dry-run` of a webhook Worker importing wechatpay-edge/lite: its bundle must
#      hold the lite module and not the full one (bundlers pick the right files).
# Loopback only (the emulator on 127.0.0.1:8723, the worker on 127.0.0.1:8787: the READMEs' ports,
# which must be free); npm installs from the registry are the only network. Every step is bounded.
# NEWCOMER_README=FILE reads the Node block from FILE instead of README.md (to try a README edit).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
start=$(date +%s)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
tarball="$root/dist/wechatpay-edge-$version.tgz"
[ -f "$tarball" ] || scripts/build.sh
readme="${NEWCOMER_README:-$root/README.md}"
grep -q "\"file:../../dist/wechatpay-edge-$version.tgz\"" examples/worker/package.json || {
  echo "!! examples/worker/package.json does not point at dist/wechatpay-edge-$version.tgz" >&2
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/wxe-newcomer.XXXXXX")
groups=()
stop_all() {
  local g
  for g in "${groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  sleep 0.5
  for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  groups=()
}
cleanup() {
  local rc=$?
  stop_all
  if [ "$rc" -ne 0 ]; then
    for f in "$work"/*.log; do [ -f "$f" ] && { echo "---- $f" >&2; tail -n 40 "$f" >&2; }; done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT INT TERM

# Starts "$@" in its own process group (so the group, wrangler's workerd included, can be stopped).
background() {
  local log=$1
  shift
  setsid "$@" >"$log" 2>&1 </dev/null &
  groups+=("$!")
}

# wait_http URL STATUS SECONDS
wait_http() {
  local end=$(($(date +%s) + $3))
  while [ "$(date +%s)" -lt "$end" ]; do
    [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$1" 2>/dev/null || true)" = "$2" ] && return 0
    sleep 0.3
  done
  echo "!! $1 did not answer $2 within $3 s" >&2
  return 1
}

port_free() {
  if curl -s -m 1 -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; then
    echo "!! 127.0.0.1:$1 is taken (the READMEs' port); stop what listens there" >&2
    return 1
  fi
}
port_free 8723
port_free 8787

npm_i() { timeout 300 npm install --no-audit --no-fund "$@" >"$work/npm.log" 2>&1; }

echo "-- 1. fresh project: npm init -y, npm install $(basename "$tarball")"
mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm_i "$tarball"

echo "-- 2. README \"## Node\" block against \`npx wechatpay-edge emulate --time-scale 0.01\`"
# The first ```js block under "## Node", as tests/js/readme.test.mjs reads README snippets.
node - "$readme" >node-snippet.mjs <<'JS'
const text = require('node:fs').readFileSync(process.argv[2], 'utf8');
const at = text.indexOf('\n## Node\n');
if (at < 0) { console.error('README has no "## Node" section'); process.exit(1); }
const end = text.indexOf('\n## ', at + 9);
const block = text.slice(at, end < 0 ? undefined : end).match(/```js\n([\s\S]*?)```/);
if (!block) { console.error('no ```js block under "## Node"'); process.exit(1); }
process.stdout.write(block[1]);
JS
background "$work/emulator-node.log" npx wechatpay-edge emulate --time-scale 0.01
wait_http http://127.0.0.1:8723/_emulator 200 30
if ! timeout 30 node node-snippet.mjs >"$work/node-snippet.log" 2>&1; then
  echo "!! the README's Node block failed as written:" >&2
  cat "$work/node-snippet.log" >&2
  exit 1
fi
sed 's/^/   /' "$work/node-snippet.log"
stop_all
for _ in $(seq 1 50); do curl -s -m 1 -o /dev/null http://127.0.0.1:8723/ 2>/dev/null || break; sleep 0.1; done

echo "-- 3. examples/worker as its README says: npm install, .dev.vars, npm run emulate, npm run dev, npm run try"
mkdir -p "$work/repo/dist" "$work/repo/examples/worker"
cp "$tarball" "$work/repo/dist/"
# The example as committed: no node_modules, .dev.vars or .wrangler state from a developer's run.
tar -C "$root/examples/worker" --exclude=node_modules --exclude=.dev.vars --exclude=.wrangler --exclude=package-lock.json -cf - . | tar -C "$work/repo/examples/worker" -xf -
cd "$work/repo/examples/worker"
npm_i
cp .dev.vars.example .dev.vars
background "$work/emulate.log" npm run emulate
background "$work/dev.log" npm run dev
wait_http http://127.0.0.1:8723/_emulator 200 30
wait_http http://127.0.0.1:8787/ 404 90
if ! timeout 30 npm run --silent try >"$work/try.log" 2>&1; then
  echo "!! npm run try failed:" >&2
  cat "$work/try.log" >&2
  exit 1
fi
sed 's/^/   /' "$work/try.log"
grep -q 'delivered (delivery 200)' "$work/try.log"
grep -q 'POST /wechatpay/notify 200' "$work/dev.log" || { echo "!! wrangler dev did not log the acked notification" >&2; exit 1; }
if grep -q 'Unable to fetch the `Request.cf`' "$work/dev.log"; then
  echo "!! wrangler dev tried to fetch Request.cf from the network" >&2
  exit 1
fi
stop_all

echo "-- 4. wrangler bundles a webhook Worker on wechatpay-edge/lite with the lite module only"
mkdir -p "$work/repo/examples/worker/lite-check"
cd "$work/repo/examples/worker/lite-check"
cat >worker.js <<'JS'
import { parseNotificationAsync, handleOnce, d1Store, ack } from 'wechatpay-edge/lite';
export default { async fetch() { return new Response(JSON.stringify([typeof parseNotificationAsync, typeof handleOnce, typeof d1Store, ack().status])); } };
JS
printf 'name = "lite-check"\nmain = "worker.js"\ncompatibility_date = "2025-09-01"\n' >wrangler.toml
WRANGLER_SEND_METRICS=false ../node_modules/.bin/wrangler deploy --dry-run --outdir out >"$work/lite-bundle.log" 2>&1 || { cat "$work/lite-bundle.log" >&2; exit 1; }
grep 'Total Upload' "$work/lite-bundle.log" | sed 's/^/   /'
ls out | grep -q 'wechatpay_edge_lite_bg\.wasm$' || { echo "!! the lite module is not in wrangler's bundle:" >&2; ls out >&2; exit 1; }
if ls out | grep -q 'wechatpay_edge_bg\.wasm$'; then
  echo "!! wrangler bundled the full module for a wechatpay-edge/lite Worker" >&2
  exit 1
fi
echo "newcomer run passed in $(($(date +%s) - start)) s"
