#!/usr/bin/env python3
"""Latency chart for Benchmarks/compare-peers.sh, drawn from its results file alone.

  compare_chart.py RESULTS.jsonl [OUT.svg] [--png]

One panel per query mode (or, and, phrase, count); in each, every engine's mean latency (solid bar)
and p95 latency (light bar beside it), in µs on a log scale, labelled with their values. OUT.svg
defaults to RESULTS.svg; --png also writes a PNG twin (OUT.png). Needs matplotlib: without it, it
prints a note and exits 0 without a chart.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_table import ENGINES, MODES, load  # noqa: E402

COLORS = {"quarry": "#1f6fb4", "tantivy": "#d9822b", "lucene": "#3a9a4a", "sqlite-fts5": "#8c5fb0"}


def label(us):
    if us >= 10000:
        return f"{us / 1000:.0f} ms"
    if us >= 1000:
        return f"{us / 1000:.1f} ms"
    return f"{us:.0f}" if us >= 100 else f"{us:.1f}"


def main(argv):
    png = "--png" in argv
    args = [a for a in argv if a != "--png"]
    if not args or args[0] in ("-h", "--help") or len(args) > 2:
        print(__doc__.strip(), file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    results = args[0]
    out = args[1] if len(args) == 2 else os.path.splitext(results)[0] + ".svg"
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("note: matplotlib is not importable (pip install matplotlib); no chart", file=sys.stderr)
        return 0

    meta, _, bench, _ = load(results)
    modes = [m for m in MODES if any(k[1] == m for k in bench)]
    engines = [(e, name) for e, name in ENGINES if any(k[0] == e for k in bench)]
    if not modes:
        print(f"note: no query timings in {results}; no chart", file=sys.stderr)
        return 0

    fig, axes = plt.subplots(1, len(modes), figsize=(3.2 * len(modes) + 1, 4.6), squeeze=False)
    width = 0.38
    from matplotlib.ticker import FuncFormatter, NullFormatter
    for ax, mode in zip(axes[0], modes):
        values = []
        for i, (e, name) in enumerate(engines):
            r = bench.get((e, mode))
            if not r:
                continue
            for j, (key, alpha) in enumerate((("mean_us", 1.0), ("p95_us", 0.45))):
                v = r.get(key)
                if not v:
                    continue
                x = i + (j - 0.5) * width
                values.append(v)
                ax.bar(x, v, width, color=COLORS.get(e, "gray"), alpha=alpha,
                       edgecolor=COLORS.get(e, "gray"), linewidth=0.8)
                ax.text(x, v * 1.08, label(v), ha="center", va="bottom", fontsize=6.5, rotation=90)
        ax.set_yscale("log")
        ax.set_title(mode)
        ax.set_xticks(range(len(engines)))
        ax.set_xticklabels([name for _, name in engines], rotation=30, ha="right", fontsize=8)
        ax.grid(axis="y", which="major", alpha=0.3)
        # Bars grow from a power of ten below the fastest figure, so their heights compare; the top
        # leaves room for the labels.
        if values:
            ax.set_ylim(10 ** math.floor(math.log10(min(values) * 0.9)), max(values) * 4)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    axes[0][0].set_ylabel("µs per query (log scale)")

    from matplotlib.patches import Patch
    fig.legend(handles=[Patch(color="#555555", label="mean"), Patch(color="#555555", alpha=0.45, label="p95")],
               loc="upper right", fontsize=8, frameon=False)
    bits = [meta.get("corpus", "?")]
    if meta.get("docs"):
        bits.append(f"{meta['docs']:,} docs")
    for key, fmt in (("k", "k={}"), ("runs", "best of {} runs"), ("commit", "commit {}"), ("timestamp", "{}")):
        if meta.get(key) is not None:
            bits.append(fmt.format(meta[key]))
    fig.suptitle("Query latency: " + ", ".join(bits), fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    fig.savefig(out)
    if png:
        fig.savefig(os.path.splitext(out)[0] + ".png", dpi=110)
    print(f"chart: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
