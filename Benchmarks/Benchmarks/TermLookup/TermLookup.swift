// Term lookup: single-term queries whose cost is the term-dictionary lookup.
//
// Setup indexes the sample corpus (`Corpus/`) into a temporary folder, merged to one segment, and
// picks 100 rare terms: words that occur exactly once in the corpus text (so a document frequency of
// 1 and a one-posting list), evenly spaced through their sorted list. Each iteration runs one
// already-parsed query, taking the terms in turn, so the latency percentiles are over terms.
// Parsing is left out of the timing, as in `quarry bench`.

import Benchmark
import BenchSupport
import Foundation
import Quarry

final class LookupSetup: Sendable {
    static let shared = Result { try LookupSetup() }

    let searcher: Searcher
    /// Words occurring once in the corpus, and words absent from it.
    let rare: [String], absent: [String]

    init() throws {
        let searcher = try TestIndexes.corpus()
        self.searcher = searcher
        let analyzer = searcher.reader.analyzer
        var occurrences: [String: Int] = [:]
        for page in try CorpusText.pages() {
            for term in analyzer.terms(page) { occurrences[term, default: 0] += 1 }
        }
        // Letters only, at least five bytes: real words rather than numbers and fragments.
        // Kept only if the index agrees that one document holds it.
        let hapaxes = try occurrences.filter { term, count in
            count == 1 && term.utf8.count >= 5 && term.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }
        }.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .filter { try searcher.count($0) == 1 }
        guard hapaxes.count >= 100 else { throw BenchError("only \(hapaxes.count) rare terms in the corpus") }
        rare = (0..<100).map { hapaxes[$0 * hapaxes.count / 100] }
        absent = (0..<100).map { "qzxv\($0)kw" }
    }

    func words() -> (Searcher, RoundRobin<String>) { (searcher, RoundRobin(rare)) }

    /// The shared searcher, and `words` (picked from the shared setup) parsed as queries, in turn.
    static func queries(_ words: (LookupSetup) -> [String]) throws -> (Searcher, RoundRobin<Query>) {
        let setup = try shared.get()
        return (setup.searcher, RoundRobin(try words(setup).map { try setup.searcher.parser.parse($0, mode: .all) }))
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 100,
        maxDuration: .seconds(1),
        maxIterations: 20_000
    )

    Benchmark("count: rare term (df 1), 100 terms in turn") { _, state in
        let (searcher, queries) = state
        blackHole(try searcher.count(queries.next()))
    } setup: {
        try LookupSetup.queries { $0.rare }
    }

    Benchmark("search k=1: rare term (df 1), 100 terms in turn") { _, state in
        let (searcher, queries) = state
        let options = SearchOptions(limit: 1, countTotal: false)
        blackHole(try searcher.search(queries.next(), options: options).hits.count)
    } setup: {
        try LookupSetup.queries { $0.rare }
    }

    Benchmark("count: absent term, 100 terms in turn") { _, state in
        let (searcher, queries) = state
        blackHole(try searcher.count(queries.next()))
    } setup: {
        try LookupSetup.queries { $0.absent }
    }

    // The same, parsing included: what `Searcher.count(_: String)` costs a caller.
    Benchmark("count(String): rare term, parse included") { _, state in
        let (searcher, words) = state
        blackHole(try searcher.count(words.next()))
    } setup: {
        try LookupSetup.shared.get().words()
    }
}
