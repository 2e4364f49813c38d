#!/usr/bin/env bash
# Query speed with 1% of the documents deleted, against the same index without deletions (and,
# optionally, another build's index of the same corpus), in alternating rounds.
#
# Usage: bash Benchmarks/deletions-bench.sh CORPUS.jsonl [ROUNDS]
# Environment: QUARRY_BIN (default: build .build/release/quarry); BASE_BIN and BASE_INDEX to add a
# second binary with its own index of the same corpus (e.g. an older commit's build);
# WORK (default: a temp folder); QUERIES (default: ../shared/peers/queries); INDEX_ARGS, extra
# arguments for indexing (e.g. `--threads 1` for one segment); REUSE_INDEX=1 keeps the indexes a
# previous run left in WORK instead of building them again.
# Prints per mode the median over rounds of each variant's mean and of its median query time (the
# median is robust to the one or two queries that dominate a mean), and the mean over queries of
# each query's best time over all rounds (robust to slow spells of a shared machine, which move
# whole passes by up to 2x; use 10 rounds or more for it).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="$1"; rounds="${2:-5}"
queries="${QUERIES:-$repo/../shared/peers/queries}"
if [[ -z "${QUARRY_BIN:-}" ]]; then
  (cd "$repo" && swift build -c release --product quarry >/dev/null)
  QUARRY_BIN="$repo/.build/release/quarry"
fi
work="${WORK:-$(mktemp -d)}"
if [[ "${REUSE_INDEX:-0}" != 1 || ! -d "$work/plain" || ! -d "$work/deleted" ]]; then
  # shellcheck disable=SC2086
  "$QUARRY_BIN" index "$corpus" --index "$work/plain" --rebuild ${INDEX_ARGS:-}
  rm -rf "$work/deleted" && cp -r "$work/plain" "$work/deleted"
  python3 - "$corpus" > "$work/ids.txt" <<'PY'
import json, random, sys
ids = [json.loads(line)["id"] for line in open(sys.argv[1])]
random.seed(5)
print("\n".join(random.sample(ids, len(ids) // 100)))
PY
  xargs -a "$work/ids.txt" -d '\n' "$QUARRY_BIN" delete --index "$work/deleted"
fi
rm -f "$work"/per-query-*.tsv
"$QUARRY_BIN" stats --index "$work/deleted" | head -4
for ((r = 1; r <= rounds; r++)); do
  for variant in base plain deleted; do
    bin="$QUARRY_BIN"; index="$work/$variant"
    if [[ $variant == base ]]; then
      [[ -n "${BASE_BIN:-}" ]] || continue
      bin="$BASE_BIN"; index="$BASE_INDEX"
    fi
    for mode in or and phrase; do
      per="$work/per-query-$r-$variant-$mode.tsv"
      echo "$r $variant $mode $per $("$bin" bench --index "$index" --queries "$queries/$mode.txt" --mode "$mode" --json --per-query "$per")"
    done
  done
done | tee "$work/bench.out"
python3 - "$work/bench.out" <<'PY'
import collections, json, statistics, sys
means = collections.defaultdict(list)
medians = collections.defaultdict(list)
best = collections.defaultdict(dict)  # (variant, mode) -> query -> best time over rounds
for line in open(sys.argv[1]):
    _, variant, mode, per, text = line.split(" ", 4)
    means[(variant, mode)].append(json.loads(text)["mean_us"])
    rows = [row.rstrip("\n").split("\t") for row in open(per)][1:]  # query, microseconds, hits
    times = [float(r[1]) for r in rows if len(r) >= 2]
    medians[(variant, mode)].append(statistics.median(times))
    for r in rows:
        if len(r) >= 2:
            table = best[(variant, mode)]
            table[r[0]] = min(table.get(r[0], float("inf")), float(r[1]))
def report(label, table):
    for mode in ("or", "and", "phrase"):
        row = {v: statistics.median(table[(v, mode)]) for v in ("base", "plain", "deleted") if table[(v, mode)]}
        ratios = "  deleted/plain %.3f" % (row["deleted"] / row["plain"])
        if "base" in row: ratios += "  deleted/base %.3f  plain/base %.3f" % (row["deleted"] / row["base"], row["plain"] / row["base"])
        print("%-6s %s: %s%s" % (mode, label, "  ".join("%s %.1f" % kv for kv in row.items()), ratios))
report("median of round means, µs", means)
report("median of round medians, µs", medians)
best_means = {key: [statistics.fmean(table.values())] for key, table in best.items()}
report("mean of each query's best, µs", collections.defaultdict(list, best_means))
PY
