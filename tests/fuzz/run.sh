#!/usr/bin/env bash
# Runs the libFuzzer targets of a PM_FUZZ build for a bounded time each.
#
#   tests/fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]
#
# SECONDS per target (60 by default; CI uses 60), all targets by default,
# two at a time. Each run starts from tests/fuzz/corpus/<target> (read
# only: what it finds goes to BUILD_DIR/fuzz-out/<target>/new) and stops at
# the first contract violation, crash, leak, sanitizer report or input
# slower than 10 s, leaving it as BUILD_DIR/fuzz-out/<target>/crash-* or
# timeout-*. The exit status is non-zero when any target found one.
set -uo pipefail

build="${1:?usage: $0 BUILD_DIR [SECONDS] [TARGET...]}"
seconds="${2:-60}"
shift 2 2>/dev/null || shift $#
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
targets=("$@")
if ((${#targets[@]} == 0)); then
    for dir in "$here"/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

# A fixed seed by default: CI explores the same inputs on every run of the
# same code, so a finding is the code's, not the dice's. PM_FUZZ_SEED=0
# lets libFuzzer pick one (by hand, for new ground).
seed="${PM_FUZZ_SEED:-1}"
out="$build/fuzz-out"
mkdir -p "$out"
run_one() {
    local target="$1" binary="$build/tests/fuzz/fuzz_$1" dir="$out/$1"
    rm -rf "$dir"
    mkdir -p "$dir/new"
    if [[ ! -x "$binary" ]]; then
        echo "fuzz: $binary is not built (configure with -DPM_FUZZ=ON, build fuzz_targets)" >"$dir/log"
        return 1
    fi
    # Leaks are reported at exit by LeakSanitizer; UBSan reports abort.
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" LSAN_OPTIONS="suppressions=$here/lsan.supp" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        "$binary" -seed="$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$dir/" "$dir/new" "$here/corpus/$target" >"$dir/log" 2>&1
}

failed=0
pids=()
names=()
for target in "${targets[@]}"; do
    run_one "$target" &
    pids+=($!)
    names+=("$target")
    if ((${#pids[@]} == 2)); then
        for i in 0 1; do
            if ! wait "${pids[$i]}"; then failed=1; fi
        done
        pids=()
    fi
done
for pid in "${pids[@]}"; do
    if ! wait "$pid"; then failed=1; fi
done

passed=0
for target in "${targets[@]}"; do
    dir="$out/$target"
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log" | grep -o '[0-9]*$')"
    found="$(ls "$dir" | grep -E '^(crash|timeout|leak|oom)-' || true)"
    if [[ -n "$found" ]]; then
        echo "fuzz $target: FOUND $(echo "$found" | tr '\n' ' ')(log: $dir/log)"
        grep -E 'contract violated|ERROR: |runtime error' "$dir/log" | head -3 | sed 's/^/    /'
    elif [[ -z "$runs" ]]; then
        echo "fuzz $target: did not run (log: $dir/log)"
        tail -3 "$dir/log" | sed 's/^/    /'
    else
        echo "fuzz $target: ${runs} inputs in ${seconds}s, nothing found"
        passed=$((passed + 1))
    fi
done
echo "fuzz: $passed passed, $((${#targets[@]} - passed)) failed"
exit $failed
