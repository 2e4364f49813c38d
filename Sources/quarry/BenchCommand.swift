import ArgumentParser
import Foundation
import Quarry
import QuarryServer

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a file of queries (one per line): warm-up, then each query's best of --runs, on one thread.",
        discussion: """
        By default a query is timed as the peer engines are: analyzed before timing, top-k collection \
        without counting matches, no stored fields read.

        --snippets times instead the work one GET /search of `quarry serve` does past HTTP: the query \
        parsed, the search with the server's options (totals exact up to 1,000), a snippet for each \
        hit from its stored text, and the answer encoded as JSON. Its queries/s is what one thread can \
        answer, the fair baseline for the server's requests/s.
        """
    )

    @Option(help: "A file with one query per line (plain words).")
    var queries: String

    @OptionGroup var location: IndexLocation

    @Option(name: .short, parsing: .unconditional, help: "Results per query.")
    var k: Int = 10

    @Option(help: "or, and, phrase or count.")
    var mode: String = "or"

    @Flag(help: "Time what GET /search does per query: search, a snippet per hit, and the JSON answer (--mode or or and).")
    var snippets = false

    @Option(parsing: .unconditional, help: "Timed runs per query; the best is kept.")
    var runs: Int = 3

    @Option(help: "Write each query's time and hit count to this file (tab-separated).")
    var perQuery: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if QueryBenchmark.Mode(rawValue: mode) == nil { throw ValidationError("--mode must be or, and, phrase or count") }
        if snippets && mode != "or" && mode != "and" { throw ValidationError("--snippets needs --mode or or and") }
        try NumberOptions.check(runs, in: NumberOptions.runs, "--runs")
        try NumberOptions.check(k, in: NumberOptions.results, "-k")
    }

    func run() throws {
        try reportingErrors(json: json) {
            let lines = try Self.queryLines(queries)
            // Fail before the timing, not after it, when the per-query file cannot be written.
            if let perQuery { try Self.write(Data(), to: perQuery) }
            let searcher = try Searcher(indexPath: location.index)
            let bench = QueryBenchmark(searcher: searcher, mode: QueryBenchmark.Mode(rawValue: mode)!, k: k, runs: runs)
            let summary = snippets ? try snippetRun(searcher: searcher, lines: lines) : try bench.run(lines: lines)
            if let perQuery {
                var out = "query\tmicroseconds\thits\n"
                for m in summary.measurements { out += "\(m.query)\t\(String(format: "%.1f", m.microseconds))\t\(m.hits)\n" }
                try Self.write(Data(out.utf8), to: perQuery)
            }
            if json {
                Terminal.printJSON(.object([
                    ("engine", .string("quarry")), ("mode", .string(mode)), ("snippets", .bool(snippets)), ("k", .int(k)), ("count", .int(summary.count)),
                    ("mean_us", .double(round1(summary.meanMicroseconds))), ("p50_us", .double(round1(summary.p50Microseconds))),
                    ("p95_us", .double(round1(summary.p95Microseconds))), ("p99_us", .double(round1(summary.p99Microseconds))),
                    ("qps", .double(summary.queriesPerSecond.rounded())),
                ]))
            } else {
                print(String(format: "%@: %d queries, k=%d, best of %d: mean %.1f µs, p50 %.1f µs, p95 %.1f µs, p99 %.1f µs, %.0f queries/s",
                             snippets ? mode + " with snippets" : mode, summary.count, k, runs, summary.meanMicroseconds, summary.p50Microseconds,
                             summary.p95Microseconds, summary.p99Microseconds, summary.queriesPerSecond))
            }
        }
    }

    /// The non-blank lines of the query file; an unreadable, non-UTF-8 or empty file is an error.
    static func queryLines(_ path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ValidationError("cannot read the query file \(path): it is a folder")
        }
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            let fd = open(path, O_RDONLY)
            let reason = fd < 0 ? String(cString: strerror(errno)) : "read failed"
            if fd >= 0 { close(fd) }
            throw ValidationError("cannot read the query file \(path): \(reason)")
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            throw ValidationError("the query file \(path) is not UTF-8 text")
        }
        // A byte-order mark is not part of the first query.
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { $0.contains { !$0.isWhitespace } }
        if lines.isEmpty { throw ValidationError("the query file \(path) holds no queries (one per line)") }
        return lines
    }

    /// Replaces the per-query file's contents with `data`; the error names the file and the reason.
    static func write(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ValidationError("cannot write the per-query file \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        try data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let n = Foundation.write(fd, bytes.baseAddress! + written, bytes.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ValidationError("cannot write the per-query file \(path): \(String(cString: strerror(errno)))")
                }
                written += n
            }
        }
    }

    /// Each line as the text of a GET /search (`q`, with `all` for --mode and); lines the server
    /// would refuse (a query that does not parse) are skipped.
    private func snippetRun(searcher: Searcher, lines: [String]) throws -> QueryBenchmark.Summary {
        let all = mode == "and"
        let queries = lines.filter { line in
            line.contains { !$0.isWhitespace } && (try? SearchRequestWork.answer(q: line, k: k, all: all, searcher: searcher)) != nil
        }.map { (label: $0, item: $0) }
        return try QueryBenchmark.time(queries, runs: runs, mode: QueryBenchmark.Mode(rawValue: mode)!, k: k) { q in
            try SearchRequestWork.answer(q: q, k: k, all: all, searcher: searcher).hits
        }
    }
}
