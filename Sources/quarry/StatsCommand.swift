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
        try reportingErrors {
            let reader = try IndexReader(path: location.index)
            let stats = try IndexStats(reader: reader)
            if json {
                try Terminal.printJSON(StatsReport(
                    documents: stats.documents, deleted_documents: stats.deletedDocuments, terms: stats.terms, postings: stats.postings, positions: stats.positions,
                    bytes: stats.bytes, total_bytes: stats.totalBytes, segments: stats.segments,
                    bits_per_posting: round2(stats.bitsPerPosting), bits_per_position: round2(stats.bitsPerPosition),
                    average_length: round2(Double(stats.averageLength)), format_version: stats.formatVersion,
                    generation: stats.generation,
                    analyzer: AnalyzerReport(name: stats.analyzer.name.rawValue, stopwords: stats.analyzer.stopwords?.rawValue,
                                             tokenizer: stats.analyzer.tokenizer, lowercase: stats.analyzer.lowercase,
                                             fold_diacritics: stats.analyzer.foldDiacritics, max_token_bytes: stats.analyzer.maxTokenBytes),
                    bm25: BM25Report(k1: Double(stats.k1), b: Double(stats.b))))
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
            print("  bytes on disk     \(Terminal.megabytes(stats.totalBytes))")
            for kind in stats.bytes.keys.sorted() {
                print("    " + kind.padding(toLength: 16, withPad: " ", startingAt: 0) + String(stats.bytes[kind]!))
            }
        }
    }
}

private struct AnalyzerReport: Encodable {
    var name: String
    var stopwords: String?
    var tokenizer: String
    var lowercase: Bool
    var fold_diacritics: Bool
    var max_token_bytes: Int
}

private struct BM25Report: Encodable {
    var k1: Double
    var b: Double
}

private struct StatsReport: Encodable {
    var documents: Int
    var deleted_documents: Int
    var terms: Int
    var postings: Int
    var positions: UInt64
    var bytes: [String: Int]
    var total_bytes: Int
    var segments: Int
    var bits_per_posting: Double
    var bits_per_position: Double
    var average_length: Double
    var format_version: Int
    var generation: UInt64
    var analyzer: AnalyzerReport
    var bm25: BM25Report
}
