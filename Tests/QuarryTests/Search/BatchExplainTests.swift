import Foundation
import Testing
@testable import Quarry

/// `Searcher.explain(_:hits:options:)` looks the query up once for all hits (the server and
/// `search --explain` use it): it must give exactly what explaining each hit alone gives.
@Suite struct BatchExplainTests {
    @Test func batchEqualsOneByOne() throws {
        let dir = TemporaryDirectory("quarry-batch-explain")
        // Two segments, words sharing prefixes, a title field.
        for batch in 0..<2 {
            let writer = try IndexWriter(path: dir.path, mode: .append)
            for i in 0..<60 {
                let words = (0..<8).map { "w\(($0 * 7 + i * 3 + batch) % 40)" }.joined(separator: " ")
                try writer.add(SourceDocument(id: "d\(batch)-\(i)", title: i % 5 == 0 ? "title w1" : "", body: words))
            }
            try writer.commit()
            writer.close()
        }
        let searcher = try Searcher(indexPath: dir.path)
        var custom = SearchOptions(limit: 50, offset: 5)
        custom.bm25 = BM25(k1: 0.9, b: 0.4)
        for (text, options) in [("w1* w2* \"w3 w10\"~2 title:w1", SearchOptions(limit: 100)), ("w1 +w2*", custom)] {
            let query = try searcher.parser.parse(text, mode: options.mode)
            let hits = try searcher.search(query, options: options).hits
            #expect(hits.count > 10, "\(text)")
            let batch = try searcher.explain(query, hits: hits, options: options)
            let single = try hits.map { try searcher.explain(query, hit: $0, options: options) }
            #expect(batch == single, "\(text)")
            #expect(zip(batch, hits).allSatisfy { ExplainTests.close($0.value, $1.score) }, "\(text)")
        }
        #expect(try searcher.explain(.term("w1"), hits: []) == [])
        #expect(throws: QuarryError.self) { try searcher.explain(.term("w1"), hits: [Hit(rank: 1, doc: 10_000, score: 1)]) }
    }
}
