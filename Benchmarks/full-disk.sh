#!/usr/bin/env bash
# Full-disk check on a real (small) file system: an `--append` that runs out of space must commit
# nothing and leave no new files behind, and once space is freed the same append must add each
# document exactly once.
#
# Usage (needs root to mount a tmpfs): sudo bash Benchmarks/full-disk.sh [SIZE] [CORPUS]
#   SIZE     size of the tmpfs (default 24m): small enough that appending CORPUS a second time fills it
#   CORPUS   what to index (default: Corpus/ at the repository root)
# Environment: QUARRY_BIN (default: build .build/release/quarry).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-24m}"
corpus="${2:-$repo/Corpus}"
if [[ -z "${QUARRY_BIN:-}" ]]; then
  (cd "$repo" && swift build -c release --product quarry >/dev/null)
  QUARRY_BIN="$repo/.build/release/quarry"
fi
mnt="$(mktemp -d)"
mount -t tmpfs -o size="$size" tmpfs "$mnt"
trap 'umount "$mnt"; rmdir "$mnt"' EXIT
index="$mnt/index"
err="$(mktemp)"

docs() { "$QUARRY_BIN" stats --index "$index" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])'; }

"$QUARRY_BIN" index "$corpus" --index "$index" >/dev/null
first=$(docs)
before=$(ls "$index" | sort)
echo "committed $first documents; $(df -h "$mnt" | tail -1 | awk '{print $4}') free"

# Fill most of the remaining space so that the append cannot finish.
free_kb=$(df -k "$mnt" | tail -1 | awk '{print $4}')
dd if=/dev/zero of="$mnt/filler" bs=1k count=$(( free_kb - 512 )) status=none || true

if "$QUARRY_BIN" index "$corpus" --index "$index" --append >/dev/null 2>"$err"; then
  echo "FAIL: the append succeeded on a full disk (make SIZE smaller)"; exit 1
fi
echo "append failed as expected: $(cat "$err")"
[[ "$(docs)" == "$first" ]] || { echo "FAIL: documents changed after the failed append: $(docs)"; exit 1; }
[[ "$(ls "$index" | sort)" == "$before" ]] || { echo "FAIL: files changed:"; diff <(echo "$before") <(ls "$index" | sort); exit 1; }
"$QUARRY_BIN" check --index "$index" >/dev/null || { echo "FAIL: check after the failed append"; exit 1; }

rm "$mnt/filler"
"$QUARRY_BIN" index "$corpus" --index "$index" --append >/dev/null
[[ "$(docs)" == "$(( 2 * first ))" ]] || { echo "FAIL: after the retry $(docs) documents, expected $(( 2 * first ))"; exit 1; }
"$QUARRY_BIN" check --index "$index" >/dev/null
echo "OK: the failed append committed nothing and left no files; the retry added each document once"
