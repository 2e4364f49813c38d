import Foundation
import Testing

/// `quarry index`, `search`, `stats`, `check` and `bench` run as a subprocess against the
/// repository's sample corpus (indexed once, see ``CorpusIndex``).
@Suite("CLI: corpus end to end")
struct CorpusCLITests {
    static let seedQuery = "american troops iraq"
    static let seedIDs: Set<String> = ["seed-article.html", "seed-article.txt"]

    func search(_ query: String, _ extra: [String] = [], in corpus: CorpusIndex) async throws -> (CLIResult, [String: Any]) {
        let result = try await QuarryCLI.run(["search", query, "--index", corpus.path, "--json"] + extra)
        try #require(result.succeeded, "\(result)")
        return (result, try result.json())
    }

    static func hits(_ report: [String: Any]) throws -> [[String: Any]] {
        try #require(report["hits"] as? [[String: Any]], "no hits array in \(report)")
    }

    static func total(_ report: [String: Any]) throws -> Int {
        try #require(report["total"] as? Int, "no total in \(report)")
    }

    @Test func indexPrintsSummaryCountingEveryFile() async throws {
        let corpus = try await CorpusIndex.get()
        let line = try #require(corpus.build.stdoutLines.first)
        #expect(line.hasPrefix("Indexed "), "\(corpus.build)")
        // "Indexed N documents (S skipped): ..." — every indexable file is accounted for, none skipped.
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        try #require(numbers.count >= 2, "\(line)")
        #expect(numbers[0] == corpus.indexableFiles, "documents indexed vs indexable files: \(line)")
        #expect(numbers[1] == 0, "\(line)")
        #expect(corpus.build.stderr.isEmpty, "no warnings expected: \(corpus.build.stderr)")
    }

    @Test func seedQueryRanksTheSeedArticleFirst() async throws {
        let corpus = try await CorpusIndex.get()
        let (_, report) = try await search(Self.seedQuery, in: corpus)
        for key in ["query", "total", "took_us", "hits"] { #expect(report[key] != nil, "missing key \(key)") }
        #expect(report["query"] as? String == Self.seedQuery)
        #expect((report["took_us"] as? Int ?? -1) >= 0)
        let hits = try Self.hits(report)
        let total = try Self.total(report)
        #expect(total >= 3, "both seed articles and the corpus README mention the words")
        #expect(hits.count == min(10, total), "default -k is 10")
        for (i, hit) in hits.enumerated() {
            for key in ["rank", "score", "id", "title", "snippet"] { #expect(hit[key] != nil, "hit \(i) lacks \(key)") }
            #expect(hit["rank"] as? Int == i + 1)
        }
        let top = try #require(hits.first?["id"] as? String)
        #expect(Self.seedIDs.contains(top), "top hit is \(top)")
        // Both renderings of the seed article beat everything else.
        #expect(Set(hits.prefix(2).compactMap { $0["id"] as? String }) == Self.seedIDs)
        let scores = hits.compactMap { ($0["score"] as? NSNumber)?.doubleValue }
        #expect(scores.count == hits.count)
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 }, "scores not descending: \(scores)")
        #expect(scores.allSatisfy { $0 > 0 })
        let snippet = try #require(hits.first?["snippet"] as? String).lowercased()
        #expect(snippet.contains("iraq") || snippet.contains("troops") || snippet.contains("american"), "\(snippet)")
    }

    @Test func limitAndAndModeAndPhrase() async throws {
        let corpus = try await CorpusIndex.get()
        let (_, any) = try await search(Self.seedQuery, in: corpus)
        let anyHits = try Self.hits(any), anyTotal = try Self.total(any)

        let (_, three) = try await search(Self.seedQuery, ["-k", "3"], in: corpus)
        let threeHits = try Self.hits(three)
        #expect(threeHits.count <= 3 && threeHits.count > 0)
        #expect(threeHits.compactMap { $0["id"] as? String } == anyHits.prefix(threeHits.count).compactMap { $0["id"] as? String })
        #expect(try Self.total(three) == anyTotal, "the total does not depend on -k")

        let (_, all) = try await search(Self.seedQuery, ["--all"], in: corpus)
        let allTotal = try Self.total(all)
        #expect(allTotal >= 2, "both seed articles contain every word")
        #expect(allTotal <= anyTotal)
        #expect(Self.seedIDs.contains(try Self.hits(all).first?["id"] as? String ?? ""))

        let (_, pairAll) = try await search("american troops", ["--all"], in: corpus)
        let (_, phrase) = try await search("\"american troops\"", in: corpus)
        let phraseTotal = try Self.total(phrase)
        #expect(phraseTotal >= 1)
        #expect(phraseTotal <= (try Self.total(pairAll)), "a phrase matches a subset of the AND of its words")
        let phraseIDs = Set(try Self.hits(phrase).compactMap { $0["id"] as? String })
        #expect(!phraseIDs.isDisjoint(with: Self.seedIDs), "the seed article contains \"american troops\": \(phraseIDs)")
    }

    @Test func queryMatchingNothing() async throws {
        let corpus = try await CorpusIndex.get()
        let text = try await QuarryCLI.run(["search", "zqxvwk flurbington", "--index", corpus.path])
        #expect(text.succeeded, "\(text)")
        #expect(text.stdout.contains("No documents match"), "\(text)")
        #expect(text.stderr.isEmpty)
        let (_, report) = try await search("zqxvwk flurbington", in: corpus)
        #expect(try Self.total(report) == 0)
        #expect(try Self.hits(report).isEmpty)
        let count = try await QuarryCLI.run(["search", "zqxvwk", "--count", "--index", corpus.path])
        #expect(count.succeeded && count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(count)")
    }

    @Test func textOutputShowsRankedHits() async throws {
        let corpus = try await CorpusIndex.get()
        let result = try await QuarryCLI.run(["search", Self.seedQuery, "-k", "2", "--index", corpus.path])
        #expect(result.succeeded, "\(result)")
        let lines = result.stdoutLines
        #expect(lines.first?.hasPrefix("1. ") == true, "\(result)")
        #expect(Self.seedIDs.contains { lines.first?.hasSuffix($0) == true }, "\(result)")
        #expect(lines.last?.contains("showing 2") == true, "\(result)")
        #expect(!result.stdout.contains("\u{1B}["), "no colour codes when stdout is not a terminal")
    }

    @Test func countMatchesTheAndTotal() async throws {
        let corpus = try await CorpusIndex.get()
        // --count counts the query as written: with --all, every word.
        let count = try await QuarryCLI.run(["search", Self.seedQuery, "--count", "--all", "--index", corpus.path])
        #expect(count.succeeded, "\(count)")
        let n = try #require(Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(count)")
        let (_, all) = try await search(Self.seedQuery, ["--all"], in: corpus)
        #expect(n == (try Self.total(all)))
        let any = try await QuarryCLI.run(["search", Self.seedQuery, "--count", "--index", corpus.path])
        let (_, or) = try await search(Self.seedQuery, ["--exact-total"], in: corpus)
        #expect(Int(any.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == (try Self.total(or)))
        #expect(try Self.total(or) > n)
        #expect(n >= 2)
        let json = try await QuarryCLI.run(["search", Self.seedQuery, "--count", "--all", "--json", "--index", corpus.path])
        #expect(try json.json()["count"] as? Int == n)
    }

    @Test func statsJSON() async throws {
        let corpus = try await CorpusIndex.get()
        let result = try await QuarryCLI.run(["stats", "--index", corpus.path, "--json"])
        #expect(result.succeeded, "\(result)")
        let stats = try result.json()
        #expect(stats["documents"] as? Int == corpus.indexableFiles)
        let terms = try #require(stats["terms"] as? Int), postings = try #require(stats["postings"] as? Int)
        let positions = try #require(stats["positions"] as? Int)
        #expect(terms > 1000)
        #expect(postings >= terms, "every term has at least one posting")
        #expect(positions >= postings, "every posting has at least one position")
        let bytes = try #require(stats["bytes"] as? [String: Int], "bytes is an object of kind → size")
        for kind in ["postings", "positions", "terms", "lengths", "store"] {
            #expect((bytes[kind] ?? 0) > 0, "bytes[\(kind)]")
        }
        #expect(stats["format_version"] as? Int == 5, "the index format version this build writes")
        // The byte counts describe the files actually on disk.
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".postings") }
            .reduce(0) { $0 + (try Fixture.fileSize(corpus.path + "/" + $1)) }
        #expect(bytes["postings"] == onDisk)
    }

    @Test func checkReportsOK() async throws {
        let corpus = try await CorpusIndex.get()
        let result = try await QuarryCLI.run(["check", "--index", corpus.path])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdoutLines.last == "OK", "\(result)")
        #expect(!result.stdout.contains("problem:"))
        #expect(result.stdout.contains("\(corpus.indexableFiles) documents"), "\(result)")
    }

    @Test func benchJSONAndPerQueryFile() async throws {
        let corpus = try await CorpusIndex.get()
        let dir = TemporaryDirectory("quarry-bench")
        let queries = [Self.seedQuery, "python dictionary", "postgresql index", "zqxvwk", "select from where"]
        try Fixture.write(queries.joined(separator: "\n") + "\n", to: dir.sub("queries.txt"))
        let result = try await QuarryCLI.run(["bench", "--queries", dir.sub("queries.txt"), "--index", corpus.path,
                                              "--mode", "or", "--json", "--runs", "1", "--per-query", dir.sub("per-query.tsv")])
        #expect(result.succeeded, "\(result)")
        let report = try result.json()
        for key in ["mode", "k", "count", "mean_us", "p50_us", "p95_us", "p99_us", "qps"] {
            #expect(report[key] != nil, "missing key \(key) in \(report)")
        }
        #expect(report["mode"] as? String == "or")
        #expect(report["k"] as? Int == 10)
        #expect(report["count"] as? Int == queries.count)
        let p50 = (report["p50_us"] as? NSNumber)?.doubleValue ?? -1
        let p95 = (report["p95_us"] as? NSNumber)?.doubleValue ?? -1
        let p99 = (report["p99_us"] as? NSNumber)?.doubleValue ?? -1
        #expect(p50 > 0 && p50 <= p95 && p95 <= p99, "\(report)")
        #expect(((report["qps"] as? NSNumber)?.doubleValue ?? 0) > 0)

        let lines = try String(contentsOfFile: dir.sub("per-query.tsv"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("query\t") }
        #expect(lines.count == queries.count, "one line per query: \(lines)")
        let rows = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.map { $0.first ?? "" } == queries)
        let hits = rows.map { Int($0.last ?? "") ?? -1 }
        #expect(hits[1] == 10, "a query on common words fills k: \(rows)")
        #expect(hits[0] >= 2 && hits[0] <= 10, "\(rows)")
        #expect(hits[3] == 0, "a word that is nowhere has no hits: \(rows)")
        #expect(rows.allSatisfy { $0.count == 3 && Double($0[1]) != nil })
    }

    @Test func benchCountModeAgreesWithSearchCount() async throws {
        let corpus = try await CorpusIndex.get()
        let dir = TemporaryDirectory("quarry-bench")
        try Fixture.write(Self.seedQuery + "\n\npython dictionary\n", to: dir.sub("queries.txt"))
        let result = try await QuarryCLI.run(["bench", "--queries", dir.sub("queries.txt"), "--index", corpus.path,
                                              "--mode", "count", "--json", "--runs", "1", "--per-query", dir.sub("out.tsv")])
        #expect(result.succeeded, "\(result)")
        let report = try result.json()
        #expect(report["mode"] as? String == "count")
        #expect(report["count"] as? Int == 2, "the blank line is not a query: \(report)")
        let rows = try String(contentsOfFile: dir.sub("out.tsv"), encoding: .utf8).split(separator: "\n").dropFirst()
        let seedRow = try #require(rows.first { $0.hasPrefix(Self.seedQuery + "\t") })
        let benchCount = Int(seedRow.split(separator: "\t").last ?? "")
        let count = try await QuarryCLI.run(["search", Self.seedQuery, "--count", "--all", "--index", corpus.path])
        #expect(benchCount == Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "bench count vs search --count")

        let text = try await QuarryCLI.run(["bench", "--queries", dir.sub("queries.txt"), "--index", corpus.path, "--mode", "and", "--runs", "1"])
        #expect(text.succeeded && text.stdout.hasPrefix("and: 2 queries"), "\(text)")
        let bad = try await QuarryCLI.run(["bench", "--queries", dir.sub("queries.txt"), "--index", corpus.path, "--mode", "fuzzy"])
        #expect(bad.exitedCleanly && bad.status != 0, "\(bad)")
        #expect(bad.stderr.contains("--mode"), "\(bad)")
        let missing = try await QuarryCLI.run(["bench", "--queries", dir.sub("nope.txt"), "--index", corpus.path])
        #expect(missing.exitedCleanly && missing.status != 0 && missing.stderr.contains("nope.txt"), "\(missing)")
    }

    @Test func bm25ParametersChangeScoresNotTheWinner() async throws {
        let corpus = try await CorpusIndex.get()
        let (_, defaults) = try await search(Self.seedQuery, in: corpus)
        let (_, tuned) = try await search(Self.seedQuery, ["--k1", "0.5", "--b", "0.3"], in: corpus)
        let d = try Self.hits(defaults), t = try Self.hits(tuned)
        #expect(Self.seedIDs.contains(t.first?["id"] as? String ?? ""), "seed article still first")
        #expect(try Self.total(defaults) == (try Self.total(tuned)), "parameters change scores, not matches")
        let dScores = d.compactMap { ($0["score"] as? NSNumber)?.doubleValue }
        let tScores = t.compactMap { ($0["score"] as? NSNumber)?.doubleValue }
        #expect(dScores.first != tScores.first, "top score unchanged: \(dScores) vs \(tScores)")
        #expect(zip(tScores, tScores.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(dScores != tScores)

        for bad in [["--b", "2"], ["--b", "-0.1"], ["--k1", "-1"], ["-k", "0"]] {
            let result = try await QuarryCLI.run(["search", Self.seedQuery, "--index", corpus.path] + bad)
            #expect(result.exitedCleanly && result.status != 0, "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.contains(bad[0]), "the error names the option: \(result)")
        }
    }
}
