#!/usr/bin/env python3
"""Crash-safety loop: SIGKILLs real `quarry` processes at random moments and checks the index.

Each round runs one writing command (rebuild, append with small flushes, mirror, delete by query,
merge), kills it with SIGKILL after a random delay, then checks that the last commit opens, passes
`quarry check`, and answers a fixed query set exactly as it did when that commit was first seen
(results and scores, keyed by the commit's generation). Rounds whose command finished before the
kill count as rounds, not as kills; the loop runs until KILLS kills happened.

With --full-disk (WORKDIR must be a small file system of its own, e.g. a tmpfs), every seventh round
instead fills the disk but for a random 0–256 KB and lets an append run out of space: it must
fail with a clear error, leave the index's files exactly as they were (no commit, no partial file)
and the last commit answering as before; then the filler is removed.

Usage: kill_loop.py QUARRY_BIN WORKDIR [KILLS] [DOCS] [--full-disk]
"""
import json, os, random, signal, subprocess, sys, time

flags = [a for a in sys.argv[1:] if a.startswith("--")]
argv = [a for a in sys.argv[1:] if not a.startswith("--")]
quarry, work = argv[0], argv[1]
kills_wanted = int(argv[2]) if len(argv) > 2 else 200
docs = int(argv[3]) if len(argv) > 3 else 20000
full_disk = "--full-disk" in flags
index = os.path.join(work, "index")
rng = random.Random(7)
words = ["w%d" % i for i in range(3000)]
queries = ["w1 w2", "w10 w200 w3000", "w5", "title:w7", "\"w1 w2\"", "w3 -w4", "w1*"]


def corpus(path, count, id_pool, seed):
    r = random.Random(seed)
    with open(path, "w") as out:
        for _ in range(count):
            body = " ".join(words[min(len(words) - 1, int(len(words) * r.random() ** 3))] for _ in range(r.randint(10, 300)))
            title = " ".join(r.choice(words[:50]) for _ in range(3))
            out.write(json.dumps({"id": "d%d" % r.randrange(id_pool), "title": title, "body": body}) + "\n")


def run(args, timeout=600):
    return subprocess.run([quarry] + args + ["--index", index], capture_output=True, text=True, timeout=timeout)


def snapshot():
    stats = json.loads(run(["stats", "--json"]).stdout)
    results = []
    for q in queries:
        out = json.loads(run(["search", q, "--json", "-k", "20", "--exact-total"]).stdout)
        results.append((out["total"], [(h["id"], round(h["score"], 4)) for h in out["hits"]]))
    return stats["generation"], (stats["documents"], stats.get("deleted_documents", 0), results)


os.makedirs(work, exist_ok=True)
base = os.path.join(work, "base.jsonl")
corpus(base, docs, docs * 4 // 5, 1)
start = time.time()
assert run(["index", base, "--rebuild"]).returncode == 0
full = max(0.1, time.time() - start)
generation, state = snapshot()
seen = {generation: state}
print("one full run: %.2f s, %d documents" % (full, state[0]), flush=True)

def full_disk_round(extra):
    """Fills the disk, runs an append that cannot finish, and checks that it changed nothing."""
    # A killed run leaves files no commit refers to, which the next writer removes as it opens. Let
    # one do so first (deleting an id that never exists commits nothing), so that what the failing
    # append leaves behind is compared with the commit's own files only.
    before = snapshot()
    if run(["delete", "no-such-document-id"]).returncode != 0:
        sys.exit("full-disk round: the writer could not open the index")
    before_files = sorted(os.listdir(index))
    if snapshot() != before:
        sys.exit("full-disk round: removing a killed run's leftovers changed the last commit")
    filler = os.path.join(work, "filler")
    stat = os.statvfs(work)
    leave = rng.randint(0, 256) * 1024
    size = max(0, stat.f_bavail * stat.f_frsize - leave)
    with open(filler, "wb") as f:
        try:
            chunk = b"\0" * (1 << 20)
            while size > 0:
                size -= f.write(chunk[:min(size, len(chunk))])
        except OSError:
            pass  # the disk is full a little sooner: all the better
    try:
        result = run(["index", extra, "--append"])
        after_files = sorted(os.listdir(index))
        after = snapshot()
    finally:
        os.remove(filler)
    if result.returncode == 0:
        return "appended (there was room)"
    if "No space left on device" not in result.stderr:
        sys.exit("full-disk round: unclear error: %r" % result.stderr)
    if after_files != before_files:
        sys.exit("full-disk round: files changed: %s" % sorted(set(after_files) ^ set(before_files)))
    if after != before:
        sys.exit("full-disk round: the last commit changed or answers differently")
    return "failed cleanly: " + result.stderr.strip().splitlines()[-1][:60]


kills = rounds = full_disk_failures = 0
while kills < kills_wanted:
    rounds += 1
    extra = os.path.join(work, "extra.jsonl")
    corpus(extra, docs // 5, docs, 100 + rounds)
    if full_disk and rounds % 7 == 6:
        outcome = full_disk_round(extra)
        full_disk_failures += outcome.startswith("failed")
        print("round %4d: full disk: %s" % (rounds, outcome), flush=True)
        continue
    kind = rounds % 6
    if kind == 0:
        args, span = ["index", base, "--rebuild"], full * 1.1
    elif kind == 1:
        args, span = ["index", extra, "--append", "--memory-mb", "16", "--no-merge"], full * 0.4
    elif kind == 2:
        args, span = ["delete", "--query", "title:" + rng.choice(words[:50])], 0.5
    elif kind == 3:
        args, span = ["merge"], full * 0.8
    elif kind == 4:
        args, span = ["index", base, extra], full * 1.1
    else:
        args, span = ["index", extra, "--append"], full * 0.6
    process = subprocess.Popen([quarry] + args + ["--index", index], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    delay = rng.uniform(0, span)
    time.sleep(delay)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait()
    killed = killed and process.returncode == -signal.SIGKILL
    kills += killed

    check = run(["check"])
    if check.returncode != 0:
        sys.exit("round %d (%s): check failed after a kill at %.2fs:\n%s%s" % (rounds, " ".join(args), delay, check.stdout, check.stderr))
    generation, state = snapshot()
    if generation in seen and seen[generation] != state:
        sys.exit("round %d (%s): commit %d answers differently than when it was made" % (rounds, " ".join(args), generation))
    seen.setdefault(generation, state)
    print("round %4d: %-7s %-40s after %6.2fs: commit %d, %d documents, %d deleted, check OK"
          % (rounds, "killed" if killed else "done", " ".join(args)[:40], delay, generation, state[0], state[1]), flush=True)

print("%d kills in %d rounds: after each, the last commit passed check and answered as when it was made" % (kills, rounds))
if full_disk:
    print("%d appends ran out of space: each failed with a clear error and left the index as it was" % full_disk_failures)
