import QuarryJSON
import ArgumentParser
import Foundation
import Quarry

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show the index's size, counts and settings."
    )

    @OptionGroup var location: IndexLocation

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingErrors(json: json) {
            let reader = try IndexReader(path: location.index)
            let stats = try IndexStats(reader: reader)
            if json {
                Terminal.printJSON(Self.report(stats))
                return
            }
            print("Index \(SafeText.forTerminal(location.index)) (format version \(stats.formatVersion), commit \(stats.generation), \(stats.segments) segment\(stats.segments == 1 ? "" : "s"))")
            print("  documents         \(stats.documents)")
            if stats.deletedDocuments > 0 {
                print("  deleted           \(stats.deletedDocuments)  (until a merge: `quarry merge`)")
            }
            print("  unique terms      \(stats.terms)")
            print("  postings          \(stats.postings)  (\(String(format: "%.2f", stats.bitsPerPosting)) bits each)")
            print("  positions         \(stats.positions)  (\(String(format: "%.2f", stats.bitsPerPosition)) bits each)")
            print("  average length    \(String(format: "%.1f", stats.averageLength)) tokens")
            print("  analyzer          \(stats.analyzer.summary)")
            print("  BM25 defaults     k1 \(stats.k1), b \(stats.b)")
            print("  store             \(stats.storeCompression.rawValue) compression")
            print("  bytes on disk     \(Terminal.megabytes(stats.totalBytes))")
            for kind in stats.bytes.keys.sorted() {
                print("    " + kind.padding(toLength: 16, withPad: " ", startingAt: 0) + String(stats.bytes[kind]!))
            }
        }
    }
}

extension StatsCommand {
    /// The `--json` report, keys in a fixed order (`bytes` by file kind, sorted).
    static func report(_ stats: IndexStats) -> OrderedJSON {
        let analyzer = stats.analyzer
        return .object([
            ("documents", .int(stats.documents)),
            ("deleted_documents", .int(stats.deletedDocuments)),
            ("terms", .int(stats.terms)),
            ("postings", .int(stats.postings)),
            ("positions", .int(Int(stats.positions))),
            ("bytes", .object(stats.bytes.keys.sorted().map { ($0, .int(stats.bytes[$0]!)) })),
            ("total_bytes", .int(stats.totalBytes)),
            ("segments", .int(stats.segments)),
            ("bits_per_posting", .double(round2(stats.bitsPerPosting))),
            ("bits_per_position", .double(round2(stats.bitsPerPosition))),
            ("average_length", .double(round2(Double(stats.averageLength)))),
            ("format_version", .int(stats.formatVersion)),
            ("generation", .int(Int(stats.generation))),
            ("analyzer", .object([
                ("name", .string(analyzer.name.rawValue)),
                ("stopwords", analyzer.stopwords.map { .string($0.rawValue) } ?? .null),
                ("tokenizer", .string(analyzer.tokenizer)),
                ("lowercase", .bool(analyzer.lowercase)),
                ("fold_diacritics", .bool(analyzer.foldDiacritics)),
                ("max_token_bytes", .int(analyzer.maxTokenBytes)),
            ])),
            ("bm25", .object([("k1", .float(stats.k1)), ("b", .float(stats.b))])),
            ("store_compression", .string(stats.storeCompression.rawValue)),
        ])
    }
}
