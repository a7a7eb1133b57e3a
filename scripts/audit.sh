#!/usr/bin/env bash
# Supply-chain checks of the Rust crate graph with cargo-deny (configuration: deny.toml):
#   advisories  RustSec advisories (every ignore is justified in deny.toml)
#   licenses    permissive licences only
#   bans        no rsa < 0.10, no C crypto, wildcard versions denied
#   sources     crates.io only
# The RustSec database is a git repository on GitHub, fetched at run time. Where it cannot be
# reached (machines that see only the package registries) the advisories check is reported as
# SKIPPED, loudly, and the other three still run; WXE_AUDIT_STRICT=1 turns that skip into a
# failure. A real advisory finding always fails.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_DENY_VERSION=0.20.2
if [ "$(cargo deny --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]; then
  echo "== installing cargo-deny $CARGO_DENY_VERSION (once per machine, a few minutes)"
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
fi

echo "== cargo deny check licenses bans sources"
cargo deny check licenses bans sources

echo "== cargo deny check advisories"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if cargo deny check advisories 2>&1 | tee "$log"; then
  exit 0
fi
if grep -q "failed to fetch advisory database" "$log" && ! grep -q "^error\[" "$log"; then
  echo "!! advisories: SKIPPED — the RustSec advisory database could not be fetched (see above)." >&2
  echo "!! licenses, bans and sources passed; run scripts/audit.sh where github.com is reachable for advisories." >&2
  if [ "${WXE_AUDIT_STRICT:-0}" = "1" ]; then exit 1; fi
  exit 0
fi
echo "!! advisories: FAILED (findings above)" >&2
exit 1
