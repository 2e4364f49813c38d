"""Chart of Benchmarks/serve-load.sh's results: requests/s and p99 latency against connections,
and the server's RSS over the soak.

Usage: python3 Benchmarks/serve_load_chart.py results.json rss.csv out.png
"""
import csv
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(results_path, rss_path, out_path):
    results = json.load(open(results_path))
    runs = sorted(results["runs"], key=lambda r: r["connections"])
    connections = [r["connections"] for r in runs]
    rps = [r["requests_per_s"] for r in runs]
    p99 = [r["p99_ms"] for r in runs]
    rss = [(int(r["seconds"]), int(r["rss_kb"]) / 1024) for r in csv.DictReader(open(rss_path)) if r["rss_kb"]]

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(connections, rps, "o-", color="#0b57d0", label="requests/s")
    left.axhline(results["bench_or_qps"], color="#0b57d0", linestyle=":", label="bench --mode or, 1 thread")
    left.set_xscale("log", base=2)
    left.set_xticks(connections, [str(c) for c in connections])
    left.set_xlabel("connections")
    left.set_ylabel("requests/s")
    left.set_ylim(bottom=0)
    twin = left.twinx()
    twin.plot(connections, p99, "s--", color="#b3261e", label="p99 ms")
    twin.set_ylabel("p99 latency (ms)")
    twin.set_ylim(bottom=0)
    lines = left.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    left.legend(lines[0] + more[0], lines[1] + more[1], loc="upper left", fontsize=8)
    left.set_title("GET /search while documents are posted")

    if rss:
        right.plot([s for s, _ in rss], [m for _, m in rss], color="#1d2327")
        right.set_ylim(bottom=0)
    right.set_xlabel("seconds of soak (8 connections)")
    right.set_ylabel("server RSS (MB)")
    right.set_title("memory over the soak")
    fig.tight_layout()
    fig.savefig(out_path, dpi=110)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
