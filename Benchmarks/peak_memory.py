#!/usr/bin/env python3
"""Runs a command and records the peak memory of its whole process tree (Linux, standard library only).

  peak_memory.py [--interval SECONDS] OUT.json COMMAND [ARG ...]

Every --interval (default 0.05 s) it reads RssAnon, RssFile and VmRSS from /proc/PID/status of the
command and of all its descendants (the tree is walked again every 0.2 s to find new ones), sums
each over the tree, and keeps the largest sums seen. The
command's stdin, stdout and stderr are its own (passed through unchanged); SIGINT and SIGTERM are
forwarded to it. When it exits, OUT.json gets one JSON object:

  peak_anon_mb   largest summed RssAnon (private memory: heaps, buffers; what the kernel must keep)
  peak_file_mb   largest summed RssFile (mapped files resident in memory, e.g. an index being read)
  peak_rss_mb    largest summed VmRSS (anonymous + file + shared memory)
  maxrss_mb      the kernel's high-water mark of the largest single process (getrusage), which also
                 catches a peak shorter than one interval
  wall_seconds   wall time of the command
  exit_status    its exit status (128 + N when killed by signal N)
  samples        how many samples were taken; processes: most processes seen in one sample

MB are 2^20 bytes (as /usr/bin/time reports). The three peaks are sampled, so they can miss a peak
shorter than the interval; each is the peak of its own sum, and the three need not come from the
same sample. RssFile sums pages once per process, so libraries shared by several processes of the
tree count once each. Exits with the command's exit status.
"""
import json
import os
import signal
import subprocess
import sys
import time

FIELDS = {"RssAnon:": "anon", "RssFile:": "file", "VmRSS:": "rss"}
RESCAN_SECONDS = 0.2  # how often the process tree is walked again for new descendants


def parent_of(pid_dir):
    """The parent pid from /proc/PID/stat (the command name may hold spaces and parentheses)."""
    try:
        with open(f"/proc/{pid_dir}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    try:
        return int(stat[stat.rindex(b")") + 2:].split(None, 2)[1])
    except (ValueError, IndexError):
        return None


def tree(root):
    """The root and all its live descendants."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            ppid = parent_of(name)
            if ppid is not None:
                children.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def memory_kb(pid):
    """RssAnon, RssFile and VmRSS of one process in kB (zeros for a process gone or a zombie)."""
    got = {"anon": 0, "file": 0, "rss": 0}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key = FIELDS.get(line[:line.find(":") + 1])
                if key:
                    got[key] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return got


def main(argv):
    interval = 0.05
    if len(argv) >= 2 and argv[0] == "--interval":
        interval = float(argv[1])
        argv = argv[2:]
    if len(argv) < 2 or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    out_path, command = argv[0], argv[1:]

    start = time.monotonic()
    try:
        child = subprocess.Popen(command)
    except OSError as e:
        print(f"peak_memory.py: cannot run {command[0]}: {e}", file=sys.stderr)
        return 127
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _frame: child.send_signal(signum))

    peak = {"anon": 0, "file": 0, "rss": 0}
    samples = most_processes = 0
    status = rusage = None
    pids, next_scan = [], 0.0
    while status is None:
        if time.monotonic() >= next_scan:  # walking /proc costs a few ms; new processes are rare
            pids = tree(child.pid)
            next_scan = time.monotonic() + RESCAN_SECONDS
        sums = {"anon": 0, "file": 0, "rss": 0}
        for pid in pids:
            for key, kb in memory_kb(pid).items():
                sums[key] += kb
        for key in peak:
            peak[key] = max(peak[key], sums[key])
        samples += 1
        most_processes = max(most_processes, len(pids))
        # Sleep up to one interval, waking as soon as the command exits.
        deadline = time.monotonic() + interval
        while True:
            try:
                pid, status, rusage = os.wait4(child.pid, os.WNOHANG)
            except ChildProcessError:
                status = 0
                break
            if pid:
                break
            status = None
            left = deadline - time.monotonic()
            if left <= 0:
                break
            time.sleep(min(left, 0.005))
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    exit_status = 128 - code if code < 0 else code

    mb = lambda kb: round(kb / 1024, 1)
    result = {
        "peak_anon_mb": mb(peak["anon"]),
        "peak_file_mb": mb(peak["file"]),
        "peak_rss_mb": mb(peak["rss"]),
        "maxrss_mb": mb(rusage.ru_maxrss) if rusage is not None else None,
        "wall_seconds": round(wall, 3),
        "exit_status": exit_status,
        "samples": samples,
        "processes": most_processes,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")
    return exit_status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
