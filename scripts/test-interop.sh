#!/usr/bin/env bash
# Interop and examples: wechatpay-edge against wechatpay-axios-plugin, wechatpay-node-v3 (npm)
# and wechatpayv3 (PyPI), plus examples/worker in real workerd (miniflare) and examples/node on
# 127.0.0.1. Everything runs against the packed tarball, installed like a user would.
# The peers are dev dependencies of tests/interop only; nothing here ships.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
tarball="$root/dist/wechatpay-edge-$version.tgz"
[ -f "$tarball" ] || scripts/build.sh

WECHATPAYV3_VERSION=2.0.4

echo "== npm: peers and miniflare (tests/interop), the tarball (tests/interop, examples/node)"
cd "$root/tests/interop"
if [ ! -d node_modules/miniflare ] || [ ! -d node_modules/wechatpay-axios-plugin ] || [ ! -d node_modules/wechatpay-node-v3 ]; then
  npm ci --no-audit --no-fund
fi
# --no-save: the tarball is this build's, not a dependency to record.
npm install --no-save --no-audit --no-fund "$tarball" >/dev/null 2>&1
(cd "$root/examples/node" && npm install --no-save --no-package-lock --no-audit --no-fund "$tarball" >/dev/null 2>&1)

echo "== PyPI: wechatpayv3==$WECHATPAYV3_VERSION in tests/interop/.venv"
have_pin() {
  [ -x .venv/bin/python ] && .venv/bin/python - "$WECHATPAYV3_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if version("wechatpayv3") == sys.argv[1] else 1)
PY
}
if have_pin; then
  echo "wechatpayv3 $WECHATPAYV3_VERSION already installed"
else
  reason=""
  if ! python3 -m venv .venv >/tmp/wxe-venv.log 2>&1; then
    reason="python3 -m venv failed: $(tail -n 1 /tmp/wxe-venv.log)"
  elif ! .venv/bin/pip install --disable-pip-version-check --quiet --timeout 30 --retries 2 "wechatpayv3==$WECHATPAYV3_VERSION" >/tmp/wxe-pip.log 2>&1; then
    reason="pip could not install wechatpayv3==$WECHATPAYV3_VERSION from PyPI: $(tail -n 1 /tmp/wxe-pip.log)"
  fi
  if [ -n "$reason" ]; then
    echo "!! SKIPPING the Python interop tests: $reason" >&2
    export WXE_PYTHON_SKIP="$reason"
  fi
fi

echo "== node --test (peers, wechatpayv3, examples/worker in workerd, examples/node)"
node --test --test-reporter=spec ./peers.test.mjs ./python.test.mjs ./worker.test.mjs ./node-example.test.mjs
if [ -n "${WXE_PYTHON_SKIP:-}" ]; then
  echo "!! the Python interop tests were SKIPPED: $WXE_PYTHON_SKIP" >&2
fi
