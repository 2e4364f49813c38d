import ArgumentParser
import Foundation
import Quarry

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a file of queries (one per line): warm-up, then each query's best of --runs, on one thread."
    )

    @Option(help: "A file with one query per line (plain words).")
    var queries: String

    @OptionGroup var location: IndexLocation

    @Option(name: .short, parsing: .unconditional, help: "Results per query.")
    var k: Int = 10

    @Option(help: "or, and, phrase or count.")
    var mode: String = "or"

    @Option(parsing: .unconditional, help: "Timed runs per query; the best is kept.")
    var runs: Int = 3

    @Option(help: "Write each query's time and hit count to this file (tab-separated).")
    var perQuery: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if QueryBenchmark.Mode(rawValue: mode) == nil { throw ValidationError("--mode must be or, and, phrase or count") }
        try NumberOptions.check(runs, in: NumberOptions.runs, "--runs")
        try NumberOptions.check(k, in: NumberOptions.results, "-k")
    }

    func run() throws {
        try reportingErrors(json: json) {
            guard let text = try? String(contentsOfFile: queries, encoding: .utf8) else {
                throw ValidationError("cannot read the query file \(queries)")
            }
            let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            let searcher = try Searcher(indexPath: location.index)
            let bench = QueryBenchmark(searcher: searcher, mode: QueryBenchmark.Mode(rawValue: mode)!, k: k, runs: runs)
            let summary = try bench.run(lines: lines)
            if let perQuery {
                var out = "query\tmicroseconds\thits\n"
                for m in summary.measurements { out += "\(m.query)\t\(String(format: "%.1f", m.microseconds))\t\(m.hits)\n" }
                try out.write(toFile: perQuery, atomically: true, encoding: .utf8)
            }
            if json {
                Terminal.printJSON(.object([
                    ("engine", .string("quarry")), ("mode", .string(mode)), ("k", .int(k)), ("count", .int(summary.count)),
                    ("mean_us", .double(round1(summary.meanMicroseconds))), ("p50_us", .double(round1(summary.p50Microseconds))),
                    ("p95_us", .double(round1(summary.p95Microseconds))), ("p99_us", .double(round1(summary.p99Microseconds))),
                    ("qps", .double(summary.queriesPerSecond.rounded())),
                ]))
            } else {
                print(String(format: "%@: %d queries, k=%d, best of %d: mean %.1f µs, p50 %.1f µs, p95 %.1f µs, p99 %.1f µs, %.0f queries/s",
                             mode, summary.count, k, runs, summary.meanMicroseconds, summary.p50Microseconds,
                             summary.p95Microseconds, summary.p99Microseconds, summary.queriesPerSecond))
            }
        }
    }
}
