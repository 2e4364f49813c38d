#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times queries inside the process: a warm-up pass, then every query `runs` times on one thread,
/// keeping each query's best time. The same procedure as the peer scripts, so figures line up.
public struct QueryBenchmark: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case or, and, phrase, count
    }

    /// One query's outcome.
    public struct Measurement: Sendable {
        public var query: String
        public var microseconds: Double
        public var hits: Int
    }

    public struct Summary: Sendable {
        public var mode: Mode
        public var k: Int
        public var count: Int
        public var meanMicroseconds: Double
        public var p50Microseconds: Double
        public var p95Microseconds: Double
        public var p99Microseconds: Double
        public var queriesPerSecond: Double
        public var measurements: [Measurement]
    }

    public let searcher: Searcher
    public var mode: Mode
    public var k: Int
    public var runs: Int

    public init(searcher: Searcher, mode: Mode, k: Int = 10, runs: Int = 3) {
        self.searcher = searcher
        self.mode = mode
        self.k = k
        self.runs = max(1, runs)
    }

    /// Query lines become queries: plain words, joined as the mode says. Lines with no words are skipped.
    public func run(lines: [String]) throws -> Summary {
        // The peers' setup: one text field (title and body), so no extra title score.
        var options = SearchOptions(limit: k, mode: mode == .or ? .any : .all, countTotal: false)
        options.fieldWeights = ["title": 0]
        // Top-k collection without counting, as the peers are timed.
        options.totalCountLimit = 0
        // Queries are analyzed before timing, as the peer scripts parse theirs before timing.
        var queries: [(label: String, item: (query: Query, prepared: PreparedQuery))] = []
        for line in lines {
            // Query-log lines are plain words: no character is syntax.
            let query = mode == .phrase ? Query.phrase(line) : QueryParser.words(line, mode: mode == .or ? .any : .all)
            guard let prepared = try? searcher.prepare(query, options: options) else { continue }
            queries.append((line, (query, prepared)))
        }
        func execute(_ query: (query: Query, prepared: PreparedQuery)) throws -> Int {
            if mode == .count { return try searcher.count(query.query) }
            return try searcher.search(query.prepared).hits.count
        }
        return try Self.time(queries, runs: runs, mode: mode, k: k, execute)
    }

    /// Times `execute` on each item as ``run(lines:)`` times queries: a warm-up pass over all of
    /// them, then `runs` passes, keeping each item's best time. `execute` returns the hit count.
    public static func time<Item>(_ items: [(label: String, item: Item)], runs: Int, mode: Mode, k: Int,
                                  _ execute: (Item) throws -> Int) throws -> Summary {
        for (_, item) in items { _ = try execute(item) }
        var best = [Double](repeating: .infinity, count: items.count)
        var hits = [Int](repeating: 0, count: items.count)
        for _ in 0..<max(1, runs) {
            for (i, (_, item)) in items.enumerated() {
                let start = Self.now()
                let n = try execute(item)
                let elapsed = Self.now() - start
                best[i] = min(best[i], elapsed)
                hits[i] = n
            }
        }
        let sorted = best.sorted()
        func pick(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
        return Summary(mode: mode, k: k, count: sorted.count, meanMicroseconds: mean, p50Microseconds: pick(0.5),
                       p95Microseconds: pick(0.95), p99Microseconds: pick(0.99), queriesPerSecond: mean > 0 ? 1e6 / mean : 0,
                       measurements: items.indices.map { Measurement(query: items[$0].label, microseconds: best[$0], hits: hits[$0]) })
    }

    /// Monotonic clock in microseconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) * 1e6 + Double(ts.tv_nsec) / 1e3
    }
}
