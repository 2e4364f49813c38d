#!/usr/bin/env bash
# Crash-safety loop: starts `quarry index` runs (alternately replacing and appending), kills each one
# with SIGKILL at a random moment, and checks after every kill that the index is exactly one of the
# committed states: `quarry check` passes and the document count is one that a finished commit had.
#
# Usage: bash Benchmarks/kill-loop.sh [ROUNDS] [CORPUS]
#   ROUNDS   kills to perform (default 50)
#   CORPUS   what to index (default: Corpus/ at the repository root; a JSONL corpus makes the runs
#            longer and the kills land in more places)
# Environment: QUARRY_BIN (default: build .build/release/quarry), KILL_DIR (default: a temp folder).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-50}"
corpus="${2:-$repo/Corpus}"
if [[ -z "${QUARRY_BIN:-}" ]]; then
  (cd "$repo" && swift build -c release --product quarry >/dev/null)
  QUARRY_BIN="$repo/.build/release/quarry"
fi
dir="${KILL_DIR:-$(mktemp -d)}"
index="$dir/index"
rm -rf "$index"

count_docs() { "$QUARRY_BIN" stats --index "$index" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])'; }

# A first, uninterrupted commit, and how long a full run takes.
start=$(date +%s.%N)
"$QUARRY_BIN" index "$corpus" --index "$index" >/dev/null
full=$(python3 -c "print(max(0.05, $(date +%s.%N) - $start))")
per_run=$(count_docs)
committed=("$per_run")
echo "one full run: ${full}s, $per_run documents"

for ((round = 1; round <= rounds; round++)); do
  mode=()
  if (( round % 2 == 0 )); then mode=(--append); fi
  delay=$(python3 -c "import random; print(round(random.uniform(0, $full * 1.2), 3))")
  "$QUARRY_BIN" index "$corpus" --index "$index" "${mode[@]}" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then outcome=killed; else outcome=finished; fi
  wait "$pid" 2>/dev/null || true

  if ! "$QUARRY_BIN" check --index "$index" >/dev/null; then
    echo "round $round: index damaged after a kill at ${delay}s" >&2
    "$QUARRY_BIN" check --index "$index" >&2 || true
    exit 1
  fi
  docs=$(count_docs)
  # Every state reachable from the committed ones: a replace gives per_run, an append adds per_run.
  ok=0
  for c in "${committed[@]}"; do
    if [[ "$docs" == "$c" || "$docs" == "$((c + per_run))" || "$docs" == "$per_run" ]]; then ok=1; fi
  done
  if (( ! ok )); then
    echo "round $round: $docs documents, not a committed state (${committed[*]})" >&2
    exit 1
  fi
  committed+=("$docs")
  # A search must still work.
  "$QUARRY_BIN" search "the" --index "$index" -k 1 >/dev/null
  printf 'round %3d: %-8s after %6ss, %6d documents, check OK\n' "$round" "$outcome" "$delay" "$docs"
done
echo "$rounds rounds: the index was intact and at a committed state after every kill"
