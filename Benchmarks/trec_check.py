#!/usr/bin/env python3
"""Scores a TREC run with pytrec_eval, the reference for `quarry eval`.

Usage:
  python3 Benchmarks/trec_check.py --qrels QRELS RUN              # means, as `quarry eval --json`
  python3 Benchmarks/trec_check.py --qrels QRELS RUN --per-query  # also every query's measures
  python3 Benchmarks/trec_check.py --qrels QRELS RUN --compare QUARRY_JSON [--tolerance 1e-4]
      # QUARRY_JSON: a file with the output of `quarry eval --json`; exits 1 when a mean differs

Needs `pip install pytrec-eval-terrier`.

The measures follow `quarry eval`: every query of the qrels counts, one missing from the run
scores 0 (pytrec_eval itself scores only the queries of the run); queries the qrels do not judge
are ignored. nDCG@10, MAP and Recall@100 are pytrec_eval's ndcg_cut_10, map and recall_100.
pytrec_eval has no cut-off for the reciprocal rank, so MRR@10 is its recip_rank on the run cut to
each query's top 10 in trec_eval's order (score as a C float, descending; ties by docid
descending); the script checks that the cut kept the same top 10 (same ndcg_cut_10 and P_10).
A document listed twice for a query keeps its best score (pytrec_eval takes one score per document).
"""
import argparse
import json
import struct
import sys

import pytrec_eval

MEASURES = ("ndcg_cut_10", "map", "mrr_10", "recall_100")


def read_qrels(path):
    qrels = {}
    for line in open(path, encoding="utf-8"):
        fields = line.split()
        if fields:
            qid, _, docid, grade = fields
            qrels.setdefault(qid, {})[docid] = int(grade)
    return qrels


def read_run(path):
    run = {}
    for line in open(path, encoding="utf-8"):
        fields = line.split()
        if fields:
            qid, _, docid, _, score, _ = fields
            docs = run.setdefault(qid, {})
            docs[docid] = max(float(score), docs.get(docid, float("-inf")))
    return run


def as_float32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def top(docs, n):
    """The first n documents in trec_eval's order."""
    ordered = sorted(docs.items(), key=lambda item: (as_float32(item[1]), item[0].encode()), reverse=True)
    return dict(ordered[:n])


def score(qrels, run):
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.10", "map", "recall.100", "P.10"})
    full = evaluator.evaluate(run)
    cut = pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank", "ndcg_cut.10", "P.10"}).evaluate(
        {qid: top(docs, 10) for qid, docs in run.items()})
    per_query = {}
    for qid in qrels:
        if qid not in full:
            per_query[qid] = {m: 0.0 for m in MEASURES}
            continue
        f, c = full[qid], cut[qid]
        if abs(f["ndcg_cut_10"] - c["ndcg_cut_10"]) > 1e-12 or abs(f["P_10"] - c["P_10"]) > 1e-12:
            sys.exit(f"query {qid}: the top 10 cut by this script differs from pytrec_eval's")
        per_query[qid] = {"ndcg_cut_10": f["ndcg_cut_10"], "map": f["map"],
                          "mrr_10": c["recip_rank"], "recall_100": f["recall_100"]}
    n = len(per_query)
    means = {"queries": n}
    for m in MEASURES:
        means[m] = sum(q[m] for q in per_query.values()) / n if n else 0.0
    return means, per_query


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--qrels", required=True)
    parser.add_argument("run")
    parser.add_argument("--per-query", action="store_true", help="also print every query's measures")
    parser.add_argument("--compare", metavar="QUARRY_JSON", help="a file with `quarry eval --json` output to check")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()

    means, per_query = score(read_qrels(args.qrels), read_run(args.run))
    report = dict(means)
    if args.per_query:
        report["per_query"] = per_query
    print(json.dumps(report, indent=1 if args.per_query else None))
    if args.compare:
        quarry = json.load(open(args.compare, encoding="utf-8"))
        bad = [k for k in ("queries",) + MEASURES if abs(quarry[k] - means[k]) > args.tolerance]
        for k in bad:
            print(f"DIFFERS {k}: quarry {quarry[k]} pytrec_eval {means[k]}", file=sys.stderr)
        if bad:
            sys.exit(1)
        print(f"agree within {args.tolerance}: " + ", ".join(f"{k} {means[k]:.6f}" for k in MEASURES), file=sys.stderr)


if __name__ == "__main__":
    main()
