import Foundation
import Testing
@testable import Quarry

/// `Searcher.explain`: the root value is the hit's score, every boolean node is the sum of its
/// details, every BM25 leaf the product of boost, idf and tf, and the statistics are the index's.
@Suite struct ExplainTests {
    static func close(_ a: Float, _ b: Float, relative: Float = 1e-4) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b), 1e-6)
    }

    /// The first node, depth first, whose description starts with `prefix`.
    static func find(_ e: Explanation, _ prefix: String) -> Explanation? {
        if e.description.hasPrefix(prefix) { return e }
        for d in e.details { if let found = find(d, prefix) { return found } }
        return nil
    }

    /// Checks that every sum node adds up and every BM25 node multiplies up; returns the problems.
    static func inconsistencies(_ e: Explanation) -> [String] {
        var problems: [String] = []
        if e.description.hasPrefix("sum of") {
            let sum = e.details.reduce(Float(0)) { $0 + $1.value }
            if !close(sum, e.value) { problems.append("sum \(sum) ≠ \(e.value): \(e.description)") }
        }
        if e.description.contains("BM25 score = boost × idf × tf") {
            let product = e.details.reduce(Float(1)) { $0 * $1.value }
            if e.details.count != 3 || !close(product, e.value) { problems.append("product \(product) ≠ \(e.value): \(e.description)") }
        }
        return problems + e.details.flatMap(inconsistencies)
    }

    @Test func termBreakdownHasTheIndexStatistics() throws {
        let dir = TemporaryDirectory("quarry-explain")
        let writer = try IndexWriter(path: dir.path)
        for (i, body) in ["alpha beta alpha", "beta gamma", "alpha"].enumerated() {
            try writer.add(SourceDocument(id: "d\(i)", title: "", body: body))
        }
        try writer.commit()
        writer.close()
        let searcher = try Searcher(indexPath: dir.path)
        let query = Query.term("alpha", field: "text")
        let hits = try searcher.search(query).hits
        let first = try #require(hits.first { $0.doc == 0 })
        let e = try searcher.explain(query, hit: first)
        // By hand: N = 3, n = 2, tf = 2, dl = 3, avgdl = 2, k1 = 1.2, b = 0.75.
        let idf = log(1 + (3 - 2 + 0.5) / (2 + 0.5))
        let tf = 2 * 2.2 / (2 + 1.2 * (1 - 0.75 + 0.75 * 3 / 2))
        #expect(Self.close(e.value, Float(idf * tf)), "\(e.formatted())")
        #expect(Self.close(e.value, first.score))
        #expect(e.description.hasPrefix("text:alpha in document 0"))
        #expect(Self.find(e, "n,")?.value == 2)
        #expect(Self.find(e, "N,")?.value == 3)
        #expect(Self.find(e, "freq,")?.value == 2)
        #expect(Self.find(e, "dl,")?.value == 3)
        #expect(Self.find(e, "avgdl,")?.value == 2)
        #expect(Self.find(e, "k1,")?.value == 1.2)
        #expect(Self.find(e, "b,")?.value == 0.75)
        #expect(Self.close(try #require(Self.find(e, "idf")).value, Float(idf)))
        // A document the query does not match explains as 0.
        let none = try searcher.explain(query, document: 1)
        #expect(none.value == 0 && none.description.hasPrefix("no match"))
        // Other BM25 parameters are the ones explained.
        var options = SearchOptions(bm25: BM25(k1: 2, b: 0.5))
        options.fieldB["text"] = 0.25
        let tuned = try searcher.explain(query, document: 0, options: options)
        let tunedTF = 2 * 3.0 / (2 + 2 * (1 - 0.25 + 0.25 * 3 / 2))
        #expect(Self.close(tuned.value, Float(idf * tunedTF)), "\(tuned.formatted())")
        #expect(Self.find(tuned, "b,")?.value == 0.25)
        #expect(Self.close(tuned.value, try searcher.search(query, options: options).hits.first { $0.doc == 0 }!.score))
    }

    @Test func plainWordAddsTheWeightedTitleMatch() throws {
        let dir = TemporaryDirectory("quarry-explain-title")
        let writer = try IndexWriter(path: dir.path)
        try writer.add(SourceDocument(id: "a", title: "granite quarry", body: "granite is a rock"))
        try writer.add(SourceDocument(id: "b", title: "marble", body: "granite and marble"))
        try writer.add(SourceDocument(id: "c", title: "", body: "slate"))
        try writer.commit()
        writer.close()
        let searcher = try Searcher(indexPath: dir.path)
        let query = try searcher.parser.parse("granite", mode: .any)
        let hit = try #require(try searcher.search(query).hits.first)
        let e = try searcher.explain(query, hit: hit)
        #expect(e.description.hasPrefix("sum of"), "\(e.formatted())")
        #expect(e.details.count == 2)
        #expect(e.details.map { $0.description.prefix(6) } == ["text:g", "title:"])
        #expect(Self.find(e.details[1], "boost")?.value == 0.5)
        #expect(Self.close(e.value, hit.score))
        #expect(Self.inconsistencies(e).isEmpty, "\(Self.inconsistencies(e))")
        let lines = e.formatted().split(separator: "\n")
        #expect(lines.count > 10 && lines[1].hasPrefix("  ") && !lines[0].hasPrefix(" "))
    }

    @Test(arguments: [UInt64(21), 22])
    func randomTreesExplainTheirScores(seed: UInt64) throws {
        let dir = TemporaryDirectory()
        let setup = ReferenceModelTests.Setup(documents: 700, vocabulary: 60, maxLength: 30, memoryBudget: seed == 22 ? 1 : 1 << 30, seed: seed)
        let (_, searcher) = try ReferenceModelTests.build(setup, in: dir)
        var generator = QueryTreeReferenceTests.TreeGenerator(rng: SplitMix(seed: seed * 31), vocabulary: RandomCorpus.vocabulary(60))
        var explained = 0
        for _ in 0..<80 {
            let query = generator.tree(depth: 3)
            var options = SearchOptions(limit: 10)
            if seed == 22 {
                // Non-default parameters: the explanation must use the search's.
                options.bm25 = BM25(k1: 1.6, b: 0.5)
                options.fieldWeights["title"] = 0.8
                options.fieldB["title"] = 0.3
            }
            guard let results = try? searcher.search(query, options: options) else { continue }
            for hit in results.hits {
                let e = try searcher.explain(query, hit: hit, options: options)
                #expect(Self.close(e.value, hit.score), "doc \(hit.doc) score \(hit.score) of \(query):\n\(e.formatted())")
                let problems = Self.inconsistencies(e)
                #expect(problems.isEmpty, "\(problems) in \(query)")
                explained += 1
            }
        }
        #expect(explained > 200)
    }
}
