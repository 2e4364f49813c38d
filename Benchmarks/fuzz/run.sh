#!/usr/bin/env bash
# Builds the fuzz harness with libFuzzer and AddressSanitizer and runs fuzz targets.
#
#   bash Benchmarks/fuzz/run.sh [TARGET|all] [RUNS]
#
# TARGET is one of `quarry-fuzz --list` (default: all); RUNS the executions per target (default
# 1000000). Each target starts from a copy of its seed corpus (corpus/TARGET/), so the committed
# corpus is never changed; the working corpus and any finding (crash-*, timeout-*, oom-* files,
# with the fuzzer's log) go to .work/TARGET/ here. Prints per target the executions, the time and
# the findings, and exits non-zero if any target had one.
#
# Environment: FUZZ_MAX_TIME=SECONDS stops each target after that long even if RUNS are not done;
# FUZZ_JOBS=N runs N targets at a time (default 1); FUZZ_ARGS adds libFuzzer options.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:-all}"
runs="${2:-1000000}"
work="$here/.work"

cd "$here"
echo "building the harness (release, -sanitize=fuzzer,address)…"
swift build -c release -Xswiftc -sanitize=fuzzer,address 2>&1 | tail -1
binary="$here/.build/release/quarry-fuzz"

if [[ "$target" == all ]]; then
    targets=($("$binary" --list))
else
    targets=("$target")
fi

# Swift's crash backtracer would hold a crashing process for many seconds; libFuzzer reports
# crashes itself. Leaving allocation stacks out makes AddressSanitizer several times cheaper
# per allocation (reproduce a finding without it for full reports); a 16 MB quarantine of freed
# memory (the default is 256 MB) keeps reuse-after-free detection for recent allocations without
# making every allocation fault in fresh pages (the cursor targets run 1.7 times as fast).
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=0:detect_leaks=0:quarantine_size_mb=16}"

run_one() {
    local name="$1" dir="$work/$1"
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -R "$here/corpus/$name" "$dir/corpus"
    local limit=()
    [[ -n "${FUZZ_MAX_TIME:-}" ]] && limit=(-max_total_time="$FUZZ_MAX_TIME")
    local start end status=0
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$binary" "$name" -runs="$runs" "${limit[@]}" -timeout=30 -print_final_stats=1 \
        -artifact_prefix="$dir/" ${FUZZ_ARGS:-} "$dir/corpus" > "$dir/fuzz.log" 2>&1 || status=$?
    end=$(date +%s)
    local executed findings
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/fuzz.log" | grep -o '[0-9]*$' || true)
    findings=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    printf '%-18s %10s executions %6ss  exit %s  findings %s\n' "$name" "${executed:-?}" "$((end - start))" "$status" "$findings"
    if [[ "$status" != 0 || "$findings" != 0 ]]; then
        grep -E 'finding \(|ERROR: |SUMMARY' "$dir/fuzz.log" | head -5 | sed 's/^/    /'
        return 1
    fi
}

failed=0
jobs="${FUZZ_JOBS:-1}"
pids=()
for name in "${targets[@]}"; do
    if [[ ! -d "$here/corpus/$name" ]]; then echo "no corpus for target $name" >&2; exit 2; fi
    run_one "$name" &
    pids+=($!)
    if (( ${#pids[@]} >= jobs )); then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit $failed
