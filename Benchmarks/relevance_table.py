#!/usr/bin/env python3
"""Helper for relevance.sh (standard library only).

  relevance_table.py queries QUERIES_TSV
      prints the query list with every run of non-alphanumeric characters in the text made a space
  relevance_table.py result COLLECTION ENGINE EVAL_JSON
      prints one JSON result line from the output of `quarry eval --json`
  relevance_table.py table RESULTS_JSONL README ANALYZERS
      prints a Markdown table per collection: Quarry's rows, then the peers' rows read from README
      between <!-- peers:begin --> and <!-- peers:end -->
"""
import json
import re
import sys

COLUMNS = (("ndcg_cut_10", "nDCG@10"), ("map", "MAP"), ("mrr_10", "MRR@10"), ("recall_100", "R@100"))


def convert_queries(path):
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        qid, text = line.split("\t", 1)
        words = re.sub(r"[\W_]+", " ", text).strip()
        print(qid + "\t" + words)


def result(collection, engine, path):
    scores = json.load(open(path, encoding="utf-8"))
    print(json.dumps({"collection": collection, "engine": engine, **scores}))


def peer_tables(readme):
    """{collection: [(engine, [four figures as text])]} from the peers block of the README."""
    text = open(readme, encoding="utf-8").read()
    match = re.search(r"<!-- peers:begin -->(.*?)<!-- peers:end -->", text, re.S)
    tables, current = {}, None
    for line in (match.group(1) if match else "").splitlines():
        heading = re.fullmatch(r"\*\*(.+?)\*\*", line.strip())
        if heading:
            current = tables.setdefault(heading.group(1), [])
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current is None or len(cells) != 5 or cells[0] == "engine" or set(cells[1]) <= set("-: "):
            continue
        current.append((cells[0], cells[1:]))
    return tables


def table(results_path, readme, analyzers):
    results = [json.loads(line) for line in open(results_path, encoding="utf-8") if line.strip()]
    peers = peer_tables(readme)
    for collection in dict.fromkeys(r["collection"] for r in results):
        rows = [r for r in results if r["collection"] == collection]
        queries = rows[0]["queries"]
        print(f"**{collection}** ({queries} queries)\n")
        print("| engine | " + " | ".join(title for _, title in COLUMNS) + " |")
        print("|---" * (len(COLUMNS) + 1) + "|")
        for r in rows:
            print(f"| {r['engine']} | " + " | ".join(f"{r[key]:.4f}" for key, _ in COLUMNS) + " |")
        for engine, figures in peers.get(collection, []):
            print(f"| {engine} | " + " | ".join(figures) + " |")
        if "english" not in analyzers.split():
            print("\nquarry (english): not measured, this build has no `quarry index --analyzer`.")
        print()


def main():
    command, args = sys.argv[1], sys.argv[2:]
    {"queries": convert_queries, "result": result, "table": table}[command](*args)


if __name__ == "__main__":
    main()
