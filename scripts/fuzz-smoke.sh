#!/usr/bin/env bash
# Fuzz smoke test: seed, build and run every cargo-fuzz target for a while.
#
#   scripts/fuzz-smoke.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 60; TARGET defaults to every target in
# fuzz/Cargo.toml. Prints execs/s and corpus size per target and exits
# 1 when any target crashed (panic, failed invariant, timeout, OOM or leak:
# libFuzzer saves the input under fuzz/artifacts/<target>/), 2 when a target
# did not build.
#
# Environment:
#   FUZZ_SANITIZER  cargo fuzz sanitizer (default: none; panics are caught
#                   either way and the core is #![forbid(unsafe_code)])
#   FUZZ_TIMEOUT    libFuzzer per-input timeout in seconds (default: 25)
#   FUZZ_ARGS       extra libFuzzer flags, e.g. "-rss_limit_mb=4096"
#   CARGO_BUILD_JOBS  build parallelism (default: 2)
#
# Works on stable Rust: cargo fuzz needs nightly-only flags, so when rustc
# is not a nightly RUSTC_BOOTSTRAP=1 is set for the fuzz build (this script
# only). Needs `cargo install cargo-fuzz` and a C++ compiler (libFuzzer).
# Corpora are regenerated from fixtures/vectors/unit tests by
# `fuzz/examples/seedgen.rs` into fuzz/corpus (git-ignored) and grow there.
set -uo pipefail

secs="${1:-60}"
shift || true
case "$secs" in
  ''|*[!0-9]*) echo "usage: $0 [seconds-per-target] [target...]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2
sanitizer="${FUZZ_SANITIZER:-none}"
timeout_s="${FUZZ_TIMEOUT:-25}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2
  exit 2
fi

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

logs="fuzz/artifacts/smoke-logs"
mkdir -p "$logs"

echo "== seeding corpora (fuzz/examples/seedgen.rs)"
if ! (cd fuzz && cargo run --quiet --release --example seedgen); then
  echo "seed generation failed" >&2
  exit 2
fi

echo "== building ${#targets[@]} targets (sanitizer: $sanitizer)"
for t in "${targets[@]}"; do
  if ! cargo fuzz build -s "$sanitizer" "$t" >"$logs/build-$t.log" 2>&1; then
    tail -30 "$logs/build-$t.log" >&2
    echo "build of $t failed (log: $logs/build-$t.log)" >&2
    exit 2
  fi
done

failed=0
build_failed=0
summary=()
for t in "${targets[@]}"; do
  echo "== $t: ${secs}s"
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  before="$(ls "fuzz/artifacts/$t" | grep -E '^(crash|timeout|oom|leak|slow-unit)-' | sort)"
  dict=()
  [ -f "fuzz/corpus/$t.dict" ] && dict=("-dict=fuzz/corpus/$t.dict")
  # shellcheck disable=SC2086
  cargo fuzz run -s "$sanitizer" "$t" -- \
    -max_total_time="$secs" -timeout="$timeout_s" -print_final_stats=1 "${dict[@]}" ${FUZZ_ARGS:-} \
    >"$logs/$t.log" 2>&1
  rc=$?
  after="$(ls "fuzz/artifacts/$t" | grep -E '^(crash|timeout|oom|leak|slow-unit)-' | sort)"
  new="$(comm -13 <(echo "$before") <(echo "$after") | grep -v '^slow-unit-' | tr '\n' ' ')"

  execs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$logs/$t.log" | tail -1 | awk '{print $2}')"
  eps="$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$logs/$t.log" | tail -1 | awk '{print $2}')"
  cov="$(grep -oE 'cov: [0-9]+' "$logs/$t.log" | tail -1 | awk '{print $2}')"
  corp="$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$logs/$t.log" | tail -1 | awk '{print $2}')"
  files="$(find "fuzz/corpus/$t" -type f | wc -l | tr -d ' ')"
  status="ok"
  if grep -q "failed to build fuzz script" "$logs/$t.log"; then
    # The sources changed since the build step (cargo fuzz run rebuilds) and no longer compile.
    status="BUILD"
    build_failed=1
    echo "   $t did not build; log: $logs/$t.log" >&2
    grep -E "^error" -A5 "$logs/$t.log" | head -12 | sed 's/^/   /' >&2
  elif [ "$rc" -ne 0 ] || [ -n "$new" ]; then
    status="CRASH"
    failed=1
    echo "   $t failed (exit $rc); new artifacts: ${new:-none}; log: $logs/$t.log" >&2
    grep -E "panicked at|^==[0-9]+== ERROR|ERROR: libFuzzer|Test unit written" "$logs/$t.log" | head -5 | sed 's/^/   /' >&2
  fi
  line="$(printf '%-20s %-6s execs=%-10s execs/s=%-7s cov=%-6s corpus=%-12s files=%s' \
    "$t" "$status" "${execs:-?}" "${eps:-?}" "${cov:-?}" "${corp:-?}" "$files")"
  [ -n "$new" ] && line="$line  artifacts: $new"
  summary+=("$line")
  echo "   $line"
done

echo
echo "== fuzz smoke summary (${secs}s per target, sanitizer $sanitizer; corpus = units/bytes in memory, files = on disk)"
printf '%s\n' "${summary[@]}"
if [ "$build_failed" -ne 0 ]; then
  echo "FAILED: some targets did not build (see above)" >&2
fi
if [ "$failed" -ne 0 ]; then
  echo "FAILED: reproduce with: cargo fuzz run -s $sanitizer <target> fuzz/artifacts/<target>/<file>" >&2
  echo "        or: (cd fuzz && cargo run --release --example replay -- <target> artifacts/<target>/<file>)" >&2
  exit 1
fi
[ "$build_failed" -ne 0 ] && exit 2
echo "all targets ran without crashes"
