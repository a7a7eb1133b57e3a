#!/usr/bin/env bash
# Exactly-once webhooks (issue 18), against the packed tarball installed like a user would:
#   - examples/worker in real workerd (miniflare): D1, a Durable Object, three workerd processes
#     sharing one D1 directory;
#   - examples/node as 4 processes on a real PostgreSQL (Debian's `postgresql` package, installed
#     here with apt-get when missing; a throwaway cluster on 127.0.0.1, run as a non-root user),
#     and on sql.js;
#   - reconciliation against the emulator's "drop deliveries" fault.
#   - a short soak (scripts/soak-webhooks.mjs, SOAK_SECONDS, default 10).
# Loopback only. Under a minute on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
tarball="$root/dist/wechatpay-edge-$version.tgz"
if [ ! -f "$tarball" ] || [ -n "$(find pkg-template src Cargo.toml scripts/build.sh -newer "$tarball" -type f -print -quit)" ]; then
  bash scripts/build.sh >/dev/null
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "== apt-get install postgresql (the server binaries; no cluster is started by the package here)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # policy-rc.d 101: the package must not start a system cluster of its own.
  if [ "$(id -u)" -eq 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

echo "== npm: miniflare, pg, sql.js (tests/webhooks), the tarball (tests/webhooks, examples/node)"
cd "$root/tests/webhooks"
[ -d node_modules/miniflare ] && [ -d node_modules/pg ] && [ -d node_modules/sql.js ] || npm ci --no-audit --no-fund
# --no-save: the tarball is this build's, not a dependency to record.
npm install --no-save --no-audit --no-fund "$tarball" >/dev/null 2>&1
(cd "$root/examples/node" && npm install --no-save --no-package-lock --no-audit --no-fund "$tarball" >/dev/null 2>&1)

echo "== node --test (tests/webhooks)"
start=$(date +%s)
node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs
echo "== tests/webhooks: $(( $(date +%s) - start )) s"

# The soak (scripts/soak-webhooks.mjs) for ${SOAK_SECONDS:-10} s, faults at 20 % so each kind
# occurs: exits 1 if anything was lost, processed twice, or a probe/stale copy accepted.
# The 10-minute run of BENCHMARKS.md: SOAK_SECONDS=600 SOAK_FAULTS=0.05.
echo "== soak: ${SOAK_SECONDS:-10} s"
node "$root/scripts/soak-webhooks.mjs" --duration "${SOAK_SECONDS:-10}" --rate "${SOAK_RATE:-40}" --faults "${SOAK_FAULTS:-0.2}"
