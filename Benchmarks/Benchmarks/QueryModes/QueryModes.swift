// Query modes: OR, AND, phrase and count over an index of the sample corpus (`Corpus/`), built in
// setup into a temporary folder and merged to one segment.
//
// Each mode runs a fixed list of 30 queries, one already-parsed query per iteration in turn, so
// the wall-clock percentiles are per-query latencies over the list. As in `quarry bench` and the
// peer comparison: top 10 hits, no total count (`countTotal: false`), parsing outside the timing,
// phrase queries are the query's words in quotes, count is `Searcher.count` (every word).
//
// Query lists:
//   docs   30 built-in two- and three-word queries about the Python and PostgreSQL documentation
//          (always run, so figures compare across machines);
//   peers  the first 30 lines of the shared peer query files (or.txt for OR, phrase.txt for
//          phrase, and.txt for AND and count) when `../shared/peers/queries/` (or
//          `$QUARRY_PEERS/queries/`) exists at run time; these are web-search queries, so most
//          match little or nothing in this corpus.
//
// The malloc check: "OR malloc check" repeats one OR query; its mallocCountTotal per search should
// stay small and the same from run to run (cursors and the top-k heap, nothing per posting).

import Benchmark
import BenchSupport
import Foundation
import Quarry

final class QuerySetup: Sendable {
    static let shared = Result { try QuerySetup() }
    let searcher: Searcher

    init() throws {
        searcher = try TestIndexes.corpus()
    }

    enum Mode: String, CaseIterable {
        case or = "OR", and = "AND", phrase, count

        var queryMode: Query.Mode { self == .or ? .any : .all }
        var peerFile: String {
            switch self {
            case .or: "or.txt"
            case .phrase: "phrase.txt"
            case .and, .count: "and.txt"
            }
        }
    }

    /// The lines parsed for `mode`; lines without searchable words are left out.
    func queries(_ lines: [String], _ mode: Mode) -> RoundRobin<Query> {
        RoundRobin(lines.compactMap { line -> Query? in
            let words = line.replacingOccurrences(of: "\"", with: " ")
            let text = mode == .phrase ? "\"" + words + "\"" : words
            return try? searcher.parser.parse(text, mode: mode.queryMode)
        })
    }

    func withQueries(_ lines: [String], _ mode: Mode) -> (QuerySetup, RoundRobin<Query>) {
        (self, queries(lines, mode))
    }

    func withQuery(_ text: String, _ mode: Mode) throws -> (QuerySetup, Query) {
        (self, try searcher.parser.parse(text, mode: mode.queryMode))
    }

    @inline(__always)
    func run(_ query: Query, _ mode: Mode) throws -> Int {
        if mode == .count { return try searcher.count(query) }
        return try searcher.search(query, options: SearchOptions(limit: 10, mode: mode.queryMode, countTotal: false)).hits.count
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 30,
        maxDuration: .seconds(1),
        maxIterations: 30_000
    )

    var lists: [(name: String, lines: (QuerySetup.Mode) -> [String])] = [("docs", { _ in QuerySets.builtIn })]
    if QuerySets.peer("or.txt") != nil {
        lists.append(("peers", { QuerySets.peer($0.peerFile) ?? [] }))
    }

    for (listName, lines) in lists {
        for mode in QuerySetup.Mode.allCases {
            let queryLines = lines(mode)
            Benchmark("\(mode.rawValue), \(listName) queries (\(queryLines.count))") { _, state in
                let (setup, queries) = state
                blackHole(try setup.run(queries.next(), mode))
            } setup: {
                try QuerySetup.shared.get().withQueries(queryLines, mode)
            }
        }
    }

    Benchmark(
        "OR malloc check: \"python string format\", k=10",
        configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds,
                             warmupIterations: 10, maxDuration: .seconds(1), maxIterations: 2_000)
    ) { _, state in
        let (setup, query) = state
        blackHole(try setup.run(query, .or))
    } setup: {
        try QuerySetup.shared.get().withQuery("python string format", .or)
    }
}
