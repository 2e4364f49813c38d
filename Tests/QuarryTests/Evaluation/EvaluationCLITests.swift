import Foundation
import Testing

/// `quarry eval` and `quarry search --queries --format trec` through the real executable.
@Suite("CLI: evaluation")
struct EvaluationCLITests {
    @Test func evalJSONHasFixedKeysAndTheMeans() async throws {
        let dir = TemporaryDirectory("quarry-eval")
        // Query 1 answered perfectly (every measure 1), query 2 judged but missing (0),
        // query 3 not judged (ignored): each mean is (1 + 0) / 2.
        try Fixture.write("1 0 a 1\n2 0 b 1\n", to: dir.sub("qrels"))
        try Fixture.write("1 Q0 a 1 2.5 r\n3 Q0 z 1 1.0 r\n", to: dir.sub("run"))
        let result = try await QuarryCLI.run(["eval", "--qrels", dir.sub("qrels"), dir.sub("run"), "--json"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdout == "{\"queries\": 2, \"ndcg_cut_10\": 0.5, \"map\": 0.5, \"mrr_10\": 0.5, \"recall_100\": 0.5}\n")
    }

    @Test func evalTextNamesTheMeasures() async throws {
        let dir = TemporaryDirectory("quarry-eval")
        // One query: judged d1:3 d2:2 d3:1 d5:2, run d4 d2 d1 d6 d3 (see MeasureExampleTests):
        // nDCG@10 0.5531, AP 0.4417, RR 0.5, R@100 0.75.
        try Fixture.write("1 0 d1 3\n1 0 d2 2\n1 0 d3 1\n1 0 d4 0\n1 0 d5 2\n", to: dir.sub("qrels"))
        try Fixture.write("1 Q0 d4 1 5 r\n1 Q0 d2 2 4 r\n1 Q0 d1 3 3 r\n1 Q0 d6 4 2 r\n1 Q0 d3 5 1 r\n", to: dir.sub("run"))
        let result = try await QuarryCLI.run(["eval", "--qrels", dir.sub("qrels"), dir.sub("run")])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdoutLines == ["queries     1", "nDCG@10     0.5531", "MAP         0.4417",
                                       "MRR@10      0.5000", "Recall@100  0.7500"])
    }

    @Test func evalReportsTheMalformedLine() async throws {
        let dir = TemporaryDirectory("quarry-eval")
        try Fixture.write("1 0 a 1\n", to: dir.sub("qrels"))
        try Fixture.write("1 Q0 a 1 2.5 r\n1 Q0 b 2 r\n", to: dir.sub("run"))
        let result = try await QuarryCLI.run(["eval", "--qrels", dir.sub("qrels"), dir.sub("run"), "--json"])
        #expect(result.exitedCleanly && result.status == 1, "\(result)")
        // With --json the error is a JSON object on stdout.
        #expect(result.stderr.isEmpty, "\(result)")
        #expect((try result.json()["error"] as? String)?.hasPrefix(dir.sub("run") + ":2: expected 6 fields") == true, "\(result)")
    }

    /// Files saved with a byte-order mark score as without it (the mark made query 1 score 0).
    @Test func evalSkipsAByteOrderMark() async throws {
        let dir = TemporaryDirectory("quarry-eval")
        try Fixture.write("\u{FEFF}1 0 a 1\n", to: dir.sub("qrels"))
        try Fixture.write("\u{FEFF}1 Q0 a 1 2.5 r\n", to: dir.sub("run"))
        let result = try await QuarryCLI.run(["eval", "--qrels", dir.sub("qrels"), dir.sub("run"), "--json"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdout == "{\"queries\": 1, \"ndcg_cut_10\": 1.0, \"map\": 1.0, \"mrr_10\": 1.0, \"recall_100\": 1.0}\n", "\(result)")
    }

    @Test func evalRefusesQrelsWithoutJudgements() async throws {
        let dir = TemporaryDirectory("quarry-eval")
        try Fixture.write("1 Q0 a 1 2.5 r\n", to: dir.sub("run"))
        for (name, text) in [("empty", ""), ("blank", "\n  \t\n\r\n")] {
            try Fixture.write(text, to: dir.sub(name))
            let result = try await QuarryCLI.run(["eval", "--qrels", dir.sub(name), dir.sub("run")])
            #expect(result.exitedCleanly && result.status == 1 && result.stdout.isEmpty, "\(result)")
            #expect(result.stderr == "quarry: error: \(dir.sub(name)): no judgements (the file is empty or holds only blank lines): nothing to score the run against\n", "\(result)")
        }
    }

    @Test func evalErrorsQuoteAtMost40CharactersOfAField() async throws {
        let dir = TemporaryDirectory("quarry-eval")
        try Fixture.write("1 0 a " + String(repeating: "x", count: 1_000_000) + "\n", to: dir.sub("qrels"))
        try Fixture.write("1 Q0 a 1 2.5 r\n", to: dir.sub("run"))
        let result = try await QuarryCLI.run(["eval", "--qrels", dir.sub("qrels"), dir.sub("run")])
        #expect(result.exitedCleanly && result.status == 1, "\(result)")
        #expect(result.stderr == "quarry: error: \(dir.sub("qrels")):1: the grade \"\(String(repeating: "x", count: 40))…\" is not an integer\n")
    }

    /// A four-document index and its folder.
    static func smallIndex(_ dir: TemporaryDirectory) async throws -> String {
        try Fixture.write("""
            {"id": "aa-1", "title": "Aardvark", "body": "the aardvark digs burrows at night"}
            {"id": "pg-2", "title": "Pangolin", "body": "the pangolin rolls into a ball"}
            {"id": "ok-3", "title": "Okapi", "body": "the okapi lives in the forest, near the aardvark"}
            {"id": "tp-4", "title": "Tapir", "body": "the tapir has a short trunk"}

            """, to: dir.sub("docs.jsonl"))
        let index = dir.sub("index")
        let built = try await QuarryCLI.run(["index", dir.sub("docs.jsonl"), "--index", index])
        try #require(built.succeeded, "\(built)")
        return index
    }

    @Test func searchQueriesWritesATRECRunThatEvalReads() async throws {
        let dir = TemporaryDirectory("quarry-eval")
        let index = try await Self.smallIndex(dir)
        // q2 has no searchable word: no lines, a warning, and the run goes on.
        try Fixture.write("q1\twhere does the aardvark (dig)?\nq2\t?!\nq3\ttapir\n", to: dir.sub("queries.tsv"))
        let result = try await QuarryCLI.run(["search", "--index", index, "--queries", dir.sub("queries.tsv"),
                                              "--format", "trec", "--run-id", "bm25", "-k", "1000"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stderr.contains("query q2 (line 2) has no results"), "\(result)")
        let rows = result.stdoutLines.map { $0.split(separator: " ").map(String.init) }
        #expect(rows.allSatisfy { $0.count == 6 && $0[1] == "Q0" && $0[5] == "bm25" }, "\(result)")
        // Every document mentions "the", so q1 retrieves all four; aardvark's own page first.
        #expect(rows.filter { $0[0] == "q1" }.map { $0[3] } == ["1", "2", "3", "4"])
        #expect(rows.first { $0[0] == "q1" }?[2] == "aa-1")
        #expect(rows.filter { $0[0] == "q2" }.isEmpty)
        #expect(rows.filter { $0[0] == "q3" }.map { $0[2] } == ["tp-4"])
        let scores = rows.filter { $0[0] == "q1" }.compactMap { Double($0[4]) }
        #expect(scores.count == 4 && scores == scores.sorted(by: >))
        // The same hits, in the same order, as a single search of the same text.
        let single = try await QuarryCLI.run(["search", "where does the aardvark (dig)?", "--index", index, "--json", "-k", "1000"])
        let singleIDs = try #require(try single.json()["hits"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(rows.filter { $0[0] == "q1" }.map { $0[2] } == singleIDs)

        try Fixture.write(result.stdout, to: dir.sub("run"))
        try Fixture.write("q1 0 aa-1 2\nq1 0 ok-3 1\nq2 0 pg-2 1\nq3 0 tp-4 1\n", to: dir.sub("qrels"))
        let eval = try await QuarryCLI.run(["eval", "--qrels", dir.sub("qrels"), dir.sub("run"), "--json"])
        #expect(eval.succeeded, "\(eval)")
        let json = try eval.json()
        #expect(json["queries"] as? Int == 3)
        // q1 and q3 find a relevant document first, q2 has none: MRR@10 = (1 + 0 + 1) / 3.
        #expect(abs((json["mrr_10"] as? Double ?? 0) - 2.0 / 3) < 1e-12, "\(eval)")
    }

    @Test func searchQueriesRejectsALineWithoutATab() async throws {
        let dir = TemporaryDirectory("quarry-eval")
        let index = try await Self.smallIndex(dir)
        try Fixture.write("q1\taardvark\nq2 tapir\n", to: dir.sub("queries.tsv"))
        let result = try await QuarryCLI.run(["search", "--index", index, "--queries", dir.sub("queries.tsv"), "--format", "trec"])
        #expect(result.exitedCleanly && result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty, "nothing is searched before the whole file is read")
        #expect(result.stderr.contains(dir.sub("queries.tsv") + ":2: expected a query id, a tab"), "\(result)")
    }

    @Test func searchBatchOptionsAreChecked() async throws {
        let noQuery = try await QuarryCLI.run(["search", "--index", "nowhere"])
        #expect(noQuery.status != 0 && noQuery.stderr.contains("give a query, or a query file with --queries"), "\(noQuery)")
        let formatAlone = try await QuarryCLI.run(["search", "word", "--format", "trec", "--index", "nowhere"])
        #expect(formatAlone.status != 0 && formatAlone.stderr.contains("--format applies to --queries only"), "\(formatAlone)")
        let both = try await QuarryCLI.run(["search", "word", "--queries", "q.tsv", "--index", "nowhere"])
        #expect(both.status != 0 && both.stderr.contains("not both"), "\(both)")
        let json = try await QuarryCLI.run(["search", "--queries", "q.tsv", "--json", "--index", "nowhere"])
        #expect(json.status != 0 && json.stdout.contains("--json and --count do not apply"), "\(json)")
        let runID = try await QuarryCLI.run(["search", "--queries", "q.tsv", "--run-id", "two words", "--index", "nowhere"])
        #expect(runID.status != 0 && runID.stderr.contains("--run-id must be one word"), "\(runID)")
    }
}
