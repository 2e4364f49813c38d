#!/usr/bin/env python3
"""JSON plumbing and Markdown tables for Benchmarks/compare-peers.sh and scale.sh (standard library only).

  compare_table.py annotate [--peak FILE] [--time-v FILE] [KEY=VALUE ...] < output
      Reads an engine's output on stdin, takes its last line that is a JSON object (an empty object
      if there is none), adds the KEY=VALUE fields (numbers and true/false are typed) and prints one
      line. --peak adds the figures peak_memory.py wrote to FILE (peak_anon_mb, peak_file_mb,
      peak_rss_mb, maxrss_mb, wall_seconds): they describe the whole process tree, so they replace
      an engine's own figure of the same name, which is kept as engine_<name>. --time-v adds the peak
      RSS and wall time from a `/usr/bin/time -v -o FILE` report (older runs).

  compare_table.py table RESULTS.jsonl
      Prints the comparison as Markdown: query latency per mode (mean / p95 µs per engine, and the
      ratios Quarry/Tantivy, Quarry/Lucene and Quarry/SQLite; below 1 means Quarry is faster), then
      indexing figures (threads, time, throughput, index size, peak anonymous and resident memory).

Result lines carry "kind": "meta" (run settings), "index" (one per engine), "bench" (one per engine
and mode) or "error" (a step that failed). For an engine or mode seen more than once, the last wins.
"""
import json
import re
import sys

ENGINES = [("quarry", "Quarry"), ("tantivy", "Tantivy"), ("lucene", "Lucene"), ("sqlite-fts5", "SQLite FTS5")]
# What else runs in a peer's process tree while it indexes (its memory counts with the engine's).
DRIVERS = {"tantivy": "the Python driver", "lucene": "the JVM (heap up to 4 GB) and its Python feeder",
           "sqlite-fts5": "the Python driver"}
PEAK_KEYS = ("peak_anon_mb", "peak_file_mb", "peak_rss_mb", "maxrss_mb", "wall_seconds")
MODES = ["or", "and", "phrase", "count"]


def typed(value):
    if value in ("true", "false"):
        return value == "true"
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def parse_time_v(path):
    """Peak RSS (MB) and wall seconds from GNU time's verbose report."""
    out = {}
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return out
    m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", text)
    if m:
        out["peak_rss_mb"] = round(int(m.group(1)) / 1024)
    m = re.search(r"Elapsed \(wall clock\) time.*?\):\s*(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", text)
    if m:
        hours, minutes, seconds = int(m.group(1) or 0), int(m.group(2)), float(m.group(3))
        out["wall_seconds"] = round(hours * 3600 + minutes * 60 + seconds, 2)
    m = re.search(r"Exit status:\s*(\d+)", text)
    if m and m.group(1) != "0":
        out["exit_status"] = int(m.group(1))
    return out


def parse_peak(path):
    """The figures of a peak_memory.py report (none if it is missing or unreadable)."""
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError):
        return {}
    out = {k: report[k] for k in PEAK_KEYS if report.get(k) is not None}
    if report.get("exit_status"):
        out["exit_status"] = report["exit_status"]
    return out


def annotate(args):
    record = {}
    for line in sys.stdin.read().splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                record = value
    extra, peak = {}, {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--peak":
            peak.update(parse_peak(args[i + 1]))
            i += 2
            continue
        if arg == "--time-v":
            extra.update(parse_time_v(args[i + 1]))
            i += 2
            continue
        key, sep, value = arg.partition("=")
        if not sep:
            sys.exit(f"annotate: expected KEY=VALUE, got {arg!r}")
        extra[key] = typed(value)
        i += 1
    # kind / engine / corpus lead so that lines read well; then the engine's own figures as printed;
    # then the added measurements (which never overwrite the engine's figures).
    lead = ("kind", "engine", "corpus")
    merged = {k: extra[k] for k in lead if k in extra}
    merged.update({k: v for k, v in record.items() if k not in merged})
    merged.update({k: v for k, v in extra.items() if k not in merged})
    for key, value in peak.items():
        if key in merged and merged[key] != value:
            merged["engine_" + key] = merged[key]
        merged[key] = value
    print(json.dumps(merged))


def fmt(x, digits=1):
    if x is None:
        return "–"
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        if abs(x) >= 1000:
            return f"{x:,.0f}"
        if abs(x) >= 100:
            return f"{x:.0f}"
        return f"{x:.{digits}f}"
    return str(x)


def ratio(a, b):
    if a is None or b in (None, 0):
        return None
    return a / b


def fmt_ratio(r):
    if r is None:
        return "–"
    if r < 0.1:
        return f"{r:.2g}×"
    return f"{r:.2f}×" if r < 10 else f"{r:.1f}×"


def load(path):
    """(meta, index by engine, bench by (engine, mode), errors) from a results file."""
    meta, index, bench, errors = {}, {}, {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            kind = r.get("kind")
            if kind == "meta":
                meta = r
            elif kind == "index":
                index[r.get("engine")] = r
            elif kind == "bench":
                bench[(r.get("engine"), r.get("mode"))] = r
            elif kind == "error":
                errors.append(r)
    return meta, index, bench, errors


def table(path):
    meta, index, bench, errors = load(path)

    out = []
    corpus = meta.get("corpus", "?")
    head = f"### {corpus}"
    if "text_mb" not in meta:
        for r in index.values():
            if r.get("text_mb") is not None and not r.get("cached"):
                meta["text_mb"] = r["text_mb"]
                break
    bits = [f"{meta[k]} {label}" for k, label in (("docs", "docs"), ("text_mb", "MB of text")) if k in meta]
    if bits:
        head += " (" + ", ".join(bits) + ")"
    out.append(head)
    settings = []
    for key, label in (("timestamp", "run"), ("commit", "commit"), ("cores", "cores"), ("runs", "runs"), ("k", "k")):
        if key in meta:
            settings.append(f"{label} {meta[key]}")
    if settings:
        out.append("")
        out.append(", ".join(settings) + "; latency per query is the best of `runs` after a warm-up pass.")

    present = [(e, name) for e, name in ENGINES if any(k[0] == e for k in bench) or e in index]
    out.append("")
    out.append("Query latency, µs (mean / p95):")
    out.append("")
    cols = ["mode"] + [name for _, name in present]
    ratio_cols = [(other, name) for other, name in present if other != "quarry"]
    cols += [f"Quarry/{name.split()[0]} mean (p95)" for _, name in ratio_cols]
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "|".join(["---"] + ["--:"] * (len(cols) - 1)) + "|")
    notes = set()
    for mode in MODES:
        if not any(k[1] == mode for k in bench):
            continue
        row = [mode]
        for e, _ in present:
            r = bench.get((e, mode))
            row.append(f"{fmt(r.get('mean_us'))} / {fmt(r.get('p95_us'))}" if r else "–")
        q = bench.get(("quarry", mode))
        for other, _ in ratio_cols:
            o = bench.get((other, mode))
            if q and o:
                row.append(f"{fmt_ratio(ratio(q.get('mean_us'), o.get('mean_us')))} "
                           f"({fmt_ratio(ratio(q.get('p95_us'), o.get('p95_us')))})")
                if q.get("count") != o.get("count"):
                    notes.add(f"{mode}: Quarry ran {q.get('count')} queries, {other} {o.get('count')}")
            else:
                row.append("–")
        out.append("| " + " | ".join(row) + " |")
    if notes:
        out.append("")
        out.append("Note: different query counts (" + "; ".join(sorted(notes)) + ").")

    if index:
        out.append("")
        out.append("Indexing:")
        out.append("")
        out.append("| engine | threads | docs | seconds | docs/s | MB/s | index MB | peak anon MB | peak RSS MB | notes |")
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|")
        for e, name in ENGINES:
            r = index.get(e)
            if not r:
                continue
            size = r.get("index_bytes")
            size_mb = size / 1e6 if isinstance(size, (int, float)) else r.get("index_mb")
            note = []
            if r.get("cached"):
                note.append("index reused; figures from its last build" if r.get("seconds") is not None
                            else "index reused; no figures recorded")
            if r.get("peak_anon_mb") is not None and e in DRIVERS:
                note.append(f"memory includes {DRIVERS[e]}")
            elif e != "quarry" and r.get("peak_rss_mb") is not None:
                note.append("RSS includes the Python driver")
            if r.get("wall_seconds") is not None:
                note.append(f"wall {fmt(r['wall_seconds'], 2)} s")
            out.append("| " + " | ".join([name, fmt(r.get("threads", 1 if e == "sqlite-fts5" else None)), fmt(r.get("docs")), fmt(r.get("seconds"), 2),
                                           fmt(r.get("docs_per_s")), fmt(r.get("mb_per_s"), 2), fmt(size_mb),
                                           fmt(r.get("peak_anon_mb")), fmt(r.get("peak_rss_mb")),
                                           "; ".join(note)]) + " |")

    if errors:
        out.append("")
        out.append("Failed steps: " + ", ".join(f"{r.get('engine', '?')} {r.get('step', '?')}" for r in errors))
    print("\n".join(out))


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return
    cmd, rest = sys.argv[1], sys.argv[2:]
    if cmd == "annotate":
        annotate(rest)
    elif cmd == "table" and len(rest) == 1:
        table(rest[0])
    else:
        sys.exit(__doc__.strip())


if __name__ == "__main__":
    main()
