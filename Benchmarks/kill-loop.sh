#!/usr/bin/env bash
# Crash-safety loop: kills writing `quarry` runs (rebuild, append with small flushes, mirror,
# delete by query, merge) with SIGKILL at random moments, and checks after every kill that the last
# commit opens, passes `quarry check` and answers a fixed query set exactly as when it was made.
# See kill_loop.py beside this script; the short version (20 kills) runs in `swift test`.
#
# Usage: bash Benchmarks/kill-loop.sh [--full-disk SIZE] [KILLS] [DOCS]
#   --full-disk SIZE  run on a tmpfs of SIZE (e.g. 256m; needs root to mount it) and, every seventh
#                     round, fill it and check that an append out of space fails cleanly and
#                     leaves the last commit and the index's files exactly as they were
#   KILLS  kills to perform (default 200)
#   DOCS   documents in the generated corpus (default 20000; larger corpora make every run
#          longer and spread the kills over more moments)
# Environment: QUARRY_BIN (default: build .build/release/quarry), KILL_DIR (default: a temp folder).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
disk_size=""
if [[ "${1:-}" == "--full-disk" ]]; then disk_size="$2"; shift 2; fi
if [[ -z "${QUARRY_BIN:-}" ]]; then
  (cd "$repo" && swift build -c release --product quarry >/dev/null)
  QUARRY_BIN="$repo/.build/release/quarry"
fi
dir="${KILL_DIR:-$(mktemp -d)}"
flags=()
if [[ -n "$disk_size" ]]; then
  mkdir -p "$dir"
  mount -t tmpfs -o size="$disk_size" tmpfs "$dir"
  trap 'umount "$dir"' EXIT
  flags=(--full-disk)
fi
python3 "$repo/Benchmarks/kill_loop.py" "$QUARRY_BIN" "$dir" "${1:-200}" "${2:-20000}" "${flags[@]}"
