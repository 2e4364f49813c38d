#!/usr/bin/env python3
"""Tables and chart for Benchmarks/scale.sh, drawn from its results file alone.

  scale_report.py table RESULTS.jsonl [--size N]
      Markdown: one row per corpus size and engine (only size N with --size): documents, GB of text,
      indexing seconds, docs/s, MB/s, peak anonymous and peak resident MB of the indexing process
      tree, index MB, and Quarry's or / and / phrase mean µs (p95 in parentheses).

  scale_report.py chart RESULTS.jsonl [OUT.svg] [--png]
      Cost against corpus size (documents, log-log): indexing seconds, peak anonymous MB (peak
      resident dashed), index MB, and query means per mode. OUT.svg defaults to RESULTS.svg; --png
      also writes OUT.png. Needs matplotlib: without it, it prints a note and exits 0.

Result lines: "meta", "corpus" (one per size), "index" (engine, size), "bench" (engine, size, mode),
"error". For an engine, size (and mode) seen more than once, the last wins.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_table import fmt  # noqa: E402

ENGINES = [("quarry", "Quarry"), ("tantivy", "Tantivy")]
MODES = ["or", "and", "phrase"]
COLORS = {"quarry": "#1f6fb4", "tantivy": "#d9822b"}
MODE_STYLES = {"or": "o-", "and": "s-", "phrase": "^-"}


def load(path):
    meta, corpora, index, bench, errors = {}, {}, {}, {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            kind, size = r.get("kind"), r.get("size")
            if kind == "meta":
                meta = r
            elif kind == "corpus":
                corpora[size] = r
            elif kind == "index":
                index[(r.get("engine"), size)] = r
            elif kind == "bench":
                bench[(r.get("engine"), size, r.get("mode"))] = r
            elif kind == "error":
                errors.append(r)
    return meta, corpora, index, bench, errors


def index_mb(r):
    size = r.get("index_bytes")
    return size / 1e6 if isinstance(size, (int, float)) else r.get("index_mb")


def table(path, only=None):
    meta, corpora, index, bench, errors = load(path)
    sizes = sorted({s for _, s in index} | {s for _, s, _ in bench} | set(corpora))
    if only is not None:
        sizes = [s for s in sizes if s == only]
    out = []
    settings = []
    for key, label in (("timestamp", "run"), ("commit", "commit"), ("cores", "cores"), ("threads", "indexing threads"),
                       ("memory_mb", "--memory-mb"), ("runs", "runs"), ("k", "k")):
        if key in meta:
            settings.append(f"{label} {meta[key]}")
    title = f"{sizes[0]:,} documents" if only is not None and sizes else "Scale"
    out.append(f"{title} ({', '.join(settings)}):" if settings else f"{title}:")
    out.append("")
    out.append("| docs | engine | GB of text | seconds | docs/s | MB/s | peak anon MB | peak RSS MB | index MB "
               "| or mean (p95) µs | and | phrase |")
    out.append("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for size in sizes:
        for e, name in ENGINES:
            r = index.get((e, size))
            modes = [bench.get((e, size, m)) for m in MODES]
            if not r and not any(modes):
                continue
            r = r or {}
            text_gb = r.get("text_mb") / 1000 if isinstance(r.get("text_mb"), (int, float)) else None
            cells = [fmt(r.get("docs", size)), name, fmt(text_gb, 2), fmt(r.get("seconds"), 1),
                     fmt(r.get("docs_per_s")), fmt(r.get("mb_per_s"), 1), fmt(r.get("peak_anon_mb")),
                     fmt(r.get("peak_rss_mb")), fmt(index_mb(r))]
            for b in modes:
                cells.append(f"{fmt(b.get('mean_us'))} ({fmt(b.get('p95_us'))})" if b else "–")
            out.append("| " + " | ".join(cells) + " |")
    corpus_notes = []
    for size in sizes:
        c = corpora.get(size)
        if c and c.get("built") and c.get("seconds") is not None:
            corpus_notes.append(f"{size:,} built in {c['seconds']} s")
        elif c and c.get("built") is False:
            corpus_notes.append(f"{size:,} found on disk")
    if corpus_notes:
        out.append("")
        out.append("Corpora: " + "; ".join(corpus_notes) + ".")
    failed = [r for r in errors if only is None or r.get("size") == only]
    if failed:
        out.append("")
        out.append("Failed steps: " + ", ".join(f"{r.get('engine', '?')} {r.get('step', '?')} at {r.get('size', '?')}"
                                               for r in failed))
    print("\n".join(out))


def chart(path, out, png):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("note: matplotlib is not importable (pip install matplotlib); no chart", file=sys.stderr)
        return 0
    meta, _, index, bench, _ = load(path)
    if not index and not bench:
        print(f"note: nothing measured in {path}; no chart", file=sys.stderr)
        return 0

    fig, axes = plt.subplots(2, 2, figsize=(10, 7.5))
    panels = [(axes[0][0], "Indexing time", "seconds"), (axes[0][1], "Peak memory while indexing", "MB"),
              (axes[1][0], "Index size", "MB"), (axes[1][1], "Query time (Quarry), mean", "µs per query")]

    def series(engine, key):
        pts = sorted((s, r.get(key)) for (e, s), r in index.items() if e == engine and r.get(key) is not None)
        return [p[0] for p in pts], [p[1] for p in pts]

    def plot(ax, xs, ys, style, **kw):
        """A line with each point's value written beside it (log axes leave few tick labels)."""
        if not xs:
            return
        ax.plot(xs, ys, style, **kw)
        for x, y in zip(xs, ys):
            ax.annotate(f"{y:,.0f}" if y >= 100 else f"{y:.3g}", (x, y), textcoords="offset points",
                        xytext=(5, -10), fontsize=7, color=kw.get("color", "black"))

    for e, name in ENGINES:
        c = COLORS[e]
        plot(panels[0][0], *series(e, "seconds"), "o-", color=c, label=name)
        plot(panels[1][0], *series(e, "peak_anon_mb"), "o-", color=c, label=f"{name}, anonymous")
        plot(panels[1][0], *series(e, "peak_rss_mb"), "o--", color=c, alpha=0.6, label=f"{name}, resident")
        pts = sorted((s, index_mb(r)) for (en, s), r in index.items() if en == e and index_mb(r) is not None)
        plot(panels[2][0], [p[0] for p in pts], [p[1] for p in pts], "o-", color=c, label=name)
    for mode in MODES:
        pts = sorted((s, r["mean_us"]) for (e, s, m), r in bench.items()
                     if e == "quarry" and m == mode and r.get("mean_us"))
        plot(panels[3][0], [p[0] for p in pts], [p[1] for p in pts], MODE_STYLES[mode], label=mode)

    from matplotlib.ticker import FuncFormatter, NullFormatter
    sizes = sorted({s for _, s in index} | {s for _, s, _ in bench})

    def docs_label(v):
        if v >= 1e6:
            return f"{v / 1e6:g}M"
        return f"{v / 1e3:g}k" if v >= 1e3 else f"{v:g}"

    plain = FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 10 else f"{v:g}")
    for ax, title, unit in panels:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("documents")
        ax.set_ylabel(unit)
        ax.margins(x=0.12, y=0.15)  # room for the value labels
        ax.set_xticks(sizes)  # one tick per measured size
        ax.set_xticklabels([docs_label(s) for s in sizes])
        ax.xaxis.set_minor_formatter(NullFormatter())
        lo, hi = ax.get_ylim()
        if len(sizes) == 1:
            ax.set_xlim(sizes[0] / 2, sizes[0] * 2)
        ax.yaxis.set_major_formatter(plain)
        # Label the minor ticks too when the axis spans less than about a decade and a half.
        ax.yaxis.set_minor_formatter(plain if hi / lo < 30 else NullFormatter())
        ax.tick_params(axis="y", which="minor", labelsize=7)
        ax.grid(which="major", alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
    bits = []
    for key, f in (("threads", "{} indexing threads"), ("commit", "commit {}"), ("timestamp", "{}")):
        if meta.get(key) is not None:
            bits.append(f.format(meta[key]))
    fig.suptitle("Cost against corpus size (splice corpora; log-log)" + (": " + ", ".join(bits) if bits else ""),
                 fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    fig.savefig(out)
    if png:
        fig.savefig(os.path.splitext(out)[0] + ".png", dpi=110)
    print(f"chart: {out}", file=sys.stderr)
    return 0


def main(argv):
    png = "--png" in argv
    argv = [a for a in argv if a != "--png"]
    if len(argv) >= 2 and argv[0] == "table":
        only = None
        if len(argv) == 4 and argv[2] == "--size":
            only = int(argv[3])
        elif len(argv) != 2:
            sys.exit(__doc__.strip())
        table(argv[1], only)
        return 0
    if len(argv) in (2, 3) and argv[0] == "chart":
        out = argv[2] if len(argv) == 3 else os.path.splitext(argv[1])[0] + ".svg"
        return chart(argv[1], out, png)
    print(__doc__.strip(), file=sys.stderr)
    return 0 if argv and argv[0] in ("-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
