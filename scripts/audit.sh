#!/usr/bin/env bash
# Supply-chain checks of the Rust crate graph with cargo-deny (configuration: deny.toml):
#   advisories  RustSec advisories (every ignore is justified in deny.toml)
#   licenses    permissive licences only
#   bans        no rsa < 0.10, no C crypto, wildcard versions denied
#   sources     crates.io only
#
# Usage: bash scripts/audit.sh [--config FILE]   (FILE defaults to deny.toml; e.g. a scratch
# copy to try a change out — nothing is written into the repository or into ../shared)
#
# Advisories, in this order:
#   1. live: the RustSec database (a git repository on GitHub) is fetched at run time, as
#      cargo-deny does by default. Where that works, this is the check, nothing else is used.
#   2. snapshot: where it cannot be fetched (machines that see only the package registries),
#      the check runs offline (`cargo deny --offline`) against the read-only snapshot at
#      "<repo root>/../shared/rustsec-advisory-db" (its SNAPSHOT file names the commit and the
#      date). The snapshot is copied to a temporary directory, made a one-commit git repository
#      dated at the snapshot date (cargo-deny's staleness check reads that date), and cargo-deny
#      is pointed at it through a temporary copy of the config with `db-path` and
#      `maximum-db-staleness` added under [advisories]. The output names the snapshot and says
#      that advisories published after its date are NOT covered: a pass here means "no known
#      advisory as of that date", not "no known advisory".
#   3. neither: with no usable snapshot (missing, undated, or older than the staleness limit
#      below) the advisories check is reported as SKIPPED, loudly, and the other three checks
#      still count; WXE_AUDIT_STRICT=1 turns that skip into a failure.
# A real advisory finding fails the script in either mode, and so does any other cargo-deny
# error in snapshot mode.
set -euo pipefail
cd "$(dirname "$0")/.."
repo_root=$(pwd)

config=deny.toml
if [ "${1:-}" = "--config" ] && [ -n "${2:-}" ]; then
  config=$2
  shift 2
fi
if [ $# -ne 0 ]; then
  echo "usage: bash scripts/audit.sh [--config FILE]" >&2
  exit 2
fi
config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")

CARGO_DENY_VERSION=0.20.2
if [ "$(cargo deny --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]; then
  echo "== installing cargo-deny $CARGO_DENY_VERSION (once per machine, a few minutes)"
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
fi

# Snapshot of the RustSec advisory database, read-only (never written to: it is copied).
SNAPSHOT_DIR="$repo_root/../shared/rustsec-advisory-db"
# cargo-deny opens the database for a URL at <db-path>/<last URL segment>-<hash>, the hash being
# XxHash64 (seed 0xca80de71) of the lowercased URL. This is the directory of the default URL,
# https://github.com/RustSec/advisory-db, in cargo-deny 0.20.2 (pinned above). If a later
# cargo-deny names it differently, snapshot mode fails loudly ("failed to get ... metadata"),
# it does not pass.
DB_DIR_NAME=advisory-db-3157b0e258782691
# Staleness limit for the snapshot, counted from the snapshot's date (not from the copy). The
# snapshot is knowingly old (cargo-deny's default limit, 90 days, would reject it today), and the
# output says so on every run; the limit only stops a forgotten snapshot from standing in for an
# audit for ever: two years after its date the snapshot mode reports SKIPPED instead (failure
# under WXE_AUDIT_STRICT=1) until shared/rustsec-advisory-db is refreshed.
SNAPSHOT_MAX_STALENESS=P730D

echo "== cargo deny check licenses bans sources"
cargo deny --config "$config" check licenses bans sources

work=$(mktemp -d "${TMPDIR:-/tmp}/wxe-audit.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
log="$work/advisories.log"

skip() {
  echo "!! advisories: SKIPPED — $1" >&2
  echo "!! licenses, bans and sources passed; run scripts/audit.sh where github.com is reachable, or refresh ../shared/rustsec-advisory-db, for advisories." >&2
  if [ "${WXE_AUDIT_STRICT:-0}" = "1" ]; then exit 1; fi
  exit 0
}

echo "== cargo deny check advisories (live RustSec database)"
if cargo deny --config "$config" check advisories 2>&1 | tee "$log"; then
  echo "== advisories: passed against the live RustSec database"
  exit 0
fi
if ! grep -q "failed to fetch advisory database" "$log" || grep -q "^error\[" "$log"; then
  echo "!! advisories: FAILED (findings above)" >&2
  exit 1
fi
echo "== the live RustSec database could not be fetched (see above)"

# ---- snapshot mode -------------------------------------------------------------------------
if [ ! -d "$SNAPSHOT_DIR/crates" ]; then
  skip "the RustSec advisory database could not be fetched and there is no snapshot at $SNAPSHOT_DIR."
fi
snapshot_line=$(head -n 1 "$SNAPSHOT_DIR/SNAPSHOT" 2>/dev/null || true)
snapshot_date=$(printf '%s\n' "$snapshot_line" | grep -oE '\([0-9]{4}-[0-9]{2}-[0-9]{2}\)' | tr -d '()' | tail -n 1 || true)
if [ -z "$snapshot_date" ]; then
  skip "the RustSec advisory database could not be fetched and $SNAPSHOT_DIR/SNAPSHOT gives no date (expected '... (YYYY-MM-DD)'), so what it covers is unknown."
fi
snapshot_age_days=$(( ( $(date -u +%s) - $(date -u -d "$snapshot_date" +%s) ) / 86400 ))

if grep -qE '^[[:space:]]*(db-path|db-urls|maximum-db-staleness)[[:space:]]*=' "$config"; then
  echo "!! advisories: FAILED — $config sets db-path, db-urls or maximum-db-staleness, which snapshot mode sets itself; update scripts/audit.sh" >&2
  exit 1
fi

db_root="$work/advisory-dbs"
db="$db_root/$DB_DIR_NAME"
mkdir -p "$db_root"
cp -R "$SNAPSHOT_DIR" "$db"
chmod -R u+w "$db"
rm -rf "$db/.git"
snapshot_commit=$(printf '%s\n' "$snapshot_line" | grep -oE '\b[0-9a-f]{40}\b' | head -n 1 || true)
(
  cd "$db"
  export GIT_AUTHOR_DATE="${snapshot_date}T00:00:00Z" GIT_COMMITTER_DATE="${snapshot_date}T00:00:00Z"
  git init -q -b main .
  git add -A .
  git -c user.name=wxe-audit -c user.email=wxe-audit@localhost -c commit.gpgsign=false \
    commit -q -m "RustSec advisory-db snapshot ${snapshot_commit:-unknown} ($snapshot_date)"
  # cargo-deny takes the database's age from .git/FETCH_HEAD's mtime, else from the newer of
  # HEAD's commit date and .git/HEAD's mtime: date all of them at the snapshot, not at this copy.
  printf '%s\t\tbranch '"'"'main'"'"' of https://github.com/RustSec/advisory-db\n' \
    "$(git rev-parse HEAD)" > .git/FETCH_HEAD
  touch -d "${snapshot_date}T00:00:00Z" .git/FETCH_HEAD .git/HEAD
)

# The config as given, with the snapshot's db-path and staleness limit added under [advisories].
snap_config="$work/deny.toml"
awk -v dbroot="$db_root" -v stale="$SNAPSHOT_MAX_STALENESS" '
  { print }
  /^\[advisories\][[:space:]]*$/ && !done {
    print "db-path = \"" dbroot "\"  # added by scripts/audit.sh (snapshot mode)"
    print "maximum-db-staleness = \"" stale "\"  # added by scripts/audit.sh (snapshot mode)"
    done = 1
  }
  END { if (!done) exit 1 }
' "$config" > "$snap_config" || {
  echo "!! advisories: FAILED — no [advisories] table in $config to add the snapshot's db-path to" >&2
  exit 1
}

echo "== cargo deny --offline check advisories (RustSec SNAPSHOT, not the live database)"
echo "   snapshot: $snapshot_line"
echo "   advisories published after $snapshot_date ($snapshot_age_days days ago) are NOT covered by this check."
echo "   (diagnostics below point into a temporary copy of $(basename "$config") with 2 lines added after [advisories])"
if cargo deny --offline --config "$snap_config" check advisories 2>&1 | tee "$log"; then
  echo "== advisories: passed against the RustSec snapshot of $snapshot_date — advisories published after $snapshot_date are NOT covered."
  exit 0
fi
if grep -q "repository is stale" "$log" && ! grep -q "^error\[" "$log"; then
  skip "the RustSec advisory database could not be fetched and the snapshot ($snapshot_date, $snapshot_age_days days old) is older than the $SNAPSHOT_MAX_STALENESS limit set in scripts/audit.sh."
fi
echo "!! advisories: FAILED against the RustSec snapshot of $snapshot_date (findings or errors above)" >&2
exit 1
