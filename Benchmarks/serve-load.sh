#!/usr/bin/env bash
# Load test of `quarry serve` on loopback: wrk sends GET /search with the queries of a log (rotated
# by serve-load.lua) at 1, 8 and 64 connections while another process posts documents, then a soak
# at 8 connections samples the server's resident memory. Prints requests/s, p50, p99 and errors per
# connection count, the RSS over the soak, and two single-thread baselines on the same index:
# `quarry bench --mode or` (top-k collection only, the issue's yardstick) and `quarry bench
# --snippets` (the whole work of one /search request past HTTP: search, snippets, JSON). Also
# measures GET /health at 8 connections, the HTTP layer's own ceiling on this machine. Prints
# requests/s at each connection count against both baselines; writes results.json, rss.csv and a
# chart (serve-load.png, with matplotlib) to Benchmarks/data/serve-load/.
#
# Usage: bash Benchmarks/serve-load.sh [INDEX]
#   INDEX                an index folder (default: Benchmarks/data/index-debian-html, built from
#                        Benchmarks/data/debian-html.jsonl when missing; see build-corpus.sh). The
#                        server runs on a copy, so the posted documents do not change it.
# Environment:
#   QUERIES=FILE         the query log (default: ../shared/peers/queries/or.txt next to the repository)
#   CONNECTIONS="1 8 64" connection counts;  DURATION=20  seconds of wrk per count
#   SOAK_SECONDS=300     the soak's length (0 skips it);  PORT=7791
#   POST_EVERY=0.5       seconds between posted batches of 5 documents (during the whole run)
# Needs: swift, wrk, curl; python3 with matplotlib for the chart (skipped without it).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
DATA="$repo/Benchmarks/data"
OUT="$DATA/serve-load"
INDEX="${1:-$DATA/index-debian-html}"
QUERIES="${QUERIES:-$repo/../shared/peers/queries/or.txt}"
CONNECTIONS="${CONNECTIONS:-1 8 64}"
DURATION="${DURATION:-20}"
SOAK_SECONDS="${SOAK_SECONDS:-300}"
PORT="${PORT:-7791}"
POST_EVERY="${POST_EVERY:-0.5}"
KEY="load-test-key-$$-$RANDOM"

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed (Debian: apt-get install $tool)" >&2; exit 1; }
done
[[ -f "$QUERIES" ]] || { echo "error: query log $QUERIES not found; set QUERIES" >&2; exit 1; }

echo "building quarry (release) ..." >&2
swift build -c release --product quarry >&2
quarry="$(swift build -c release --show-bin-path)/quarry"

if [[ ! -f "$INDEX/quarry.manifest" ]]; then
  corpus="$DATA/debian-html.jsonl"
  [[ -f "$corpus" ]] || { echo "error: no index at $INDEX and no $corpus: run bash Benchmarks/build-corpus.sh debian-html" >&2; exit 1; }
  echo "indexing $corpus into $INDEX ..." >&2
  "$quarry" index "$corpus" --index "$INDEX" >&2
fi

mkdir -p "$OUT"
work="$(mktemp -d)"
server_pid=""
poster_pid=""
cleanup() {
  [[ -n "$poster_pid" ]] && kill "$poster_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "quarry bench --mode or (one thread) ..." >&2
bench_json="$("$quarry" bench --index "$INDEX" --queries "$QUERIES" --mode or --json)"
bench_qps="$(python3 -c 'import json,sys; print(round(json.loads(sys.argv[1])["qps"], 1))' "$bench_json")"
echo "  $bench_json" >&2
echo "quarry bench --snippets (one thread: search, snippets and JSON, as one /search request) ..." >&2
snippets_json="$("$quarry" bench --index "$INDEX" --queries "$QUERIES" --mode or --snippets --json)"
snippets_qps="$(python3 -c 'import json,sys; print(round(json.loads(sys.argv[1])["qps"], 1))' "$snippets_json")"
echo "  $snippets_json" >&2

cp -R "$INDEX" "$work/index"
"$quarry" serve --index "$work/index" --port "$PORT" --api-key "$KEY" > "$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$base/health" >/dev/null || { echo "error: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

# Post batches of 5 documents for as long as the test runs (bounded by the run's own length).
post_seconds=$(( ($(wc -w <<<"$CONNECTIONS") + 1) * (DURATION + 5) + SOAK_SECONDS + 30 ))
(
  end=$(( $(date +%s) + post_seconds ))
  n=0
  while (( $(date +%s) < end )); do
    batch=""
    for i in 1 2 3 4 5; do
      n=$((n + 1))
      batch+="{\"id\":\"load-$n\",\"title\":\"Load document $n\",\"body\":\"posted during the load test: observatory obstruction italy number $n\"}"$'\n'
    done
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $KEY" --data-binary "$batch" "$base/documents" || echo "post failed" >&2
    sleep "$POST_EVERY"
  done
) &
poster_pid=$!

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }

# The HTTP layer alone: GET /health (no index work) at 8 connections.
echo "GET /health at 8 connections (${DURATION}s) ..." >&2
health_rps="$(wrk -t 2 -c 8 -d "${DURATION}s" --timeout 10s "$base/health" | awk '/^Requests\/sec:/ {print $2}')"
echo "  $health_rps requests/s" >&2

runs="[]"
printf '\n| connections | requests/s | p50 ms | p99 ms | errors |\n|--:|--:|--:|--:|--:|\n'
for c in $CONNECTIONS; do
  threads=$(( c < 2 ? c : 2 ))
  line="$(wrk -t "$threads" -c "$c" -d "${DURATION}s" --timeout 10s -s "$repo/Benchmarks/serve-load.lua" "$base" -- "$QUERIES" 10 | grep '^{"requests"')"
  runs="$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); x=json.loads(sys.argv[2]); x["connections"]=int(sys.argv[3]); r.append(x); print(json.dumps(r))' "$runs" "$line" "$c")"
  python3 -c 'import json,sys; x=json.loads(sys.argv[1]); print("| %s | %.0f | %.2f | %.2f | %d |" % (sys.argv[2], x["requests_per_s"], x["p50_ms"], x["p99_ms"], x["errors"]))' "$line" "$c"
done

echo "seconds,rss_kb" > "$OUT/rss.csv"
soak="null"
if (( SOAK_SECONDS > 0 )); then
  echo "soak: ${SOAK_SECONDS}s at 8 connections ..." >&2
  wrk -t 2 -c 8 -d "${SOAK_SECONDS}s" --timeout 10s -s "$repo/Benchmarks/serve-load.lua" "$base" -- "$QUERIES" 10 > "$work/soak.txt" &
  wrk_pid=$!
  start=$(date +%s)
  while kill -0 "$wrk_pid" 2>/dev/null; do
    echo "$(( $(date +%s) - start )),$(rss_kb)" >> "$OUT/rss.csv"
    sleep 5
  done
  wait "$wrk_pid"
  soak="$(grep '^{"requests"' "$work/soak.txt")"
fi
documents="$(curl -fsS "$base/stats")"

python3 - "$OUT" "$runs" "$soak" "$bench_qps" "$documents" "$snippets_qps" "$health_rps" <<'PY'
import csv, json, sys
out, runs, soak, bench_qps, stats = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), float(sys.argv[4]), json.loads(sys.argv[5])
snippets_qps, health_rps = float(sys.argv[6]), float(sys.argv[7] or 0)
rss = [(int(r["seconds"]), int(r["rss_kb"])) for r in csv.DictReader(open(f"{out}/rss.csv")) if r["rss_kb"]]
result = {"bench_or_qps": bench_qps, "bench_snippets_qps": snippets_qps, "health_rps_8": health_rps, "runs": runs, "soak": soak, "documents_after": stats["documents"], "commits": stats["commits"]}
if rss:
    result["rss_mb"] = {"first": rss[0][1] / 1024, "min": min(r for _, r in rss) / 1024, "max": max(r for _, r in rss) / 1024, "last": rss[-1][1] / 1024}
json.dump(result, open(f"{out}/results.json", "w"), indent=2)
print()
print(f"quarry bench --mode or (1 thread, top-k only):        {bench_qps:.0f} queries/s")
print(f"quarry bench --snippets (1 thread, a request's work):  {snippets_qps:.0f} queries/s")
print(f"GET /health at 8 connections (HTTP alone):            {health_rps:.0f} requests/s = {health_rps / bench_qps:.2f}x bench --mode or")
for r in runs:
    rps = r["requests_per_s"]
    print(f"{r['connections']:>3} connections: {rps:.0f} requests/s = {rps / bench_qps:.3f}x bench --mode or, {rps / snippets_qps:.2f}x bench --snippets")
if soak:
    print(f"soak: {soak['requests']} requests in {soak['seconds']:.0f} s, {soak['requests_per_s']:.0f}/s, p99 {soak['p99_ms']:.2f} ms, errors {soak['errors']}")
if rss:
    m = result["rss_mb"]
    print(f"server RSS over the soak: first {m['first']:.1f} MB, min {m['min']:.1f}, max {m['max']:.1f}, last {m['last']:.1f}")
print(f"documents after the run: {stats['documents']} ({stats['commits']} commits of posted documents)")
PY

if python3 -c 'import matplotlib' 2>/dev/null; then
  python3 "$repo/Benchmarks/serve_load_chart.py" "$OUT/results.json" "$OUT/rss.csv" "$OUT/serve-load.png" && echo "chart: $OUT/serve-load.png"
else
  echo "(no chart: pip install matplotlib)"
fi
echo "results: $OUT/results.json"
