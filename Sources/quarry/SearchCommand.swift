import ArgumentParser
import Foundation
import Quarry
import QuarryJSON

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index and print ranked results with snippets.",
        discussion: """
        Bare words are OR-ed (any may match) unless --all is given. The query language: "phrases" and \
        "phrases"~N, +required, -excluded, AND / OR / NOT (upper case) with parentheses, field:word, \
        field:"phrase", field:(...), prefix*, word^2, (group)^0.5, and backslash escapes.
        """
    )

    @Argument(help: "The query (omit it with --queries).")
    var query: String?

    @OptionGroup var location: IndexLocation

    @Option(name: .short, parsing: .unconditional, help: "How many results to show.")
    var k: Int = 10

    @Option(help: "How many results to skip (paging).")
    var offset: Int = 0

    @Flag(help: "Join bare words with AND instead of OR.")
    var all = false

    @Flag(help: "Print only the number of documents that match the query.")
    var count = false

    @Flag(help: "Count every matching document (otherwise totals are exact up to 1,000).")
    var exactTotal = false

    @Option(help: "BM25 term-frequency saturation.")
    var k1: Float?

    @Option(help: "BM25 length normalisation (0...1).")
    var b: Float?

    @Option(help: ArgumentHelp("How much a word's match in a field adds to its score (FIELD=WEIGHT, e.g. title=2.5; default title=0.5, and 1 for an extra field, where 0 stops bare words searching it).", valueName: "field=weight"))
    var weight: [String] = []

    @Option(name: .customLong("field-b"), help: ArgumentHelp("BM25 length normalisation of one field (FIELD=B, e.g. title=0.3; also body or an extra field).", valueName: "field=b"))
    var fieldB: [String] = []

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Show how each hit's score was computed (BM25 parts per matching clause).")
    var explain = false

    /// Parses FIELD=NUMBER settings, checking the field names and the range.
    static func fieldSettings(_ values: [String], option: String, range: ClosedRange<Float>) throws -> [String: Float] {
        var result: [String: Float] = [:]
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            // title, an extra field's name, and for --field-b also body (checked against the index later).
            guard parts.count == 2, parts[0] == "title" || ExtraFields.isValidName(parts[0]) || (option == "--field-b" && parts[0] == "body") else {
                throw ValidationError("\(option) takes FIELD=NUMBER with title or an extra field, got \"\(value)\"")
            }
            guard let number = Float(parts[1]), number.isFinite, range.contains(number) else {
                throw ValidationError("\(option) \(parts[0]) must be a number from \(range.lowerBound) to \(range.upperBound), got \"\(parts[1])\"")
            }
            result[parts[0]] = number
        }
        return result
    }

    @OptionGroup var batch: BatchSearchOptions

    /// Throws unless every field named by --weight and --field-b is one the index can weigh.
    func checkFieldNames(_ searcher: Searcher) throws {
        let extra = searcher.reader.extraFieldNames
        for (option, values, allowed) in [("--weight", weight, ["title"] + extra), ("--field-b", fieldB, ["title", "body"] + extra)] {
            for value in values {
                let name = String(value.split(separator: "=", maxSplits: 1).first ?? "")
                if !allowed.contains(name) {
                    throw ValidationError("\(option): the index has no field \(name) (it can take \(allowed.joined(separator: ", ")))")
                }
            }
        }
    }

    func validate() throws {
        try batch.check(query: query, json: json, count: count)
        if explain && (count || batch.isBatch) { throw ValidationError("--explain applies to ranked results (not --count or --queries)") }
        try NumberOptions.check(k, in: NumberOptions.results, "-k")
        if offset < 0 || offset > Searcher.maximumHits - k {
            throw ValidationError("--offset must be a whole number from 0 to \(Searcher.maximumHits) minus -k, got \(offset)")
        }
        _ = try Self.fieldSettings(weight, option: "--weight", range: 0...1000)
        _ = try Self.fieldSettings(fieldB, option: "--field-b", range: 0...1)
        if let b, !(0...1).contains(b) { throw ValidationError("--b must be between 0 and 1") }
        if let k1, !(k1 >= 0) || !k1.isFinite { throw ValidationError("--k1 must be a non-negative number") }
    }

    func run() throws {
        try reportingErrors(json: json) {
            // The printed time covers everything: opening the index, searching, snippets, output.
            let started = Date()
            let searcher = try Searcher(indexPath: location.index)
            try checkFieldNames(searcher)
            if batch.isBatch {
                try batch.run(searcher: searcher, limit: k, mode: all ? .all : .any, k1: k1, b: b,
                              fieldWeights: try Self.fieldSettings(weight, option: "--weight", range: 0...1000),
                              fieldB: try Self.fieldSettings(fieldB, option: "--field-b", range: 0...1))
                return
            }
            guard let query else { return }
            let parsed = try searcher.parser.parse(query, mode: all ? .all : .any)
            if count {
                let n = try searcher.count(parsed)
                if json {
                    Terminal.printJSON(.object([("query", .string(query)), ("count", .int(n)),
                                                ("took_us", .int(Int(Date().timeIntervalSince(started) * 1e6)))]))
                } else {
                    print(n)
                }
                return
            }
            var bm25 = searcher.reader.defaultBM25
            if let k1 { bm25.k1 = k1 }
            if let b { bm25.b = b }
            var options = SearchOptions(limit: k, offset: offset, mode: all ? .all : .any, bm25: bm25, countTotal: exactTotal)
            options.fieldWeights = try Self.fieldSettings(weight, option: "--weight", range: 0...1000)
            options.fieldB = try Self.fieldSettings(fieldB, option: "--field-b", range: 0...1)
            let results = try searcher.search(parsed, options: options)
            let terms = searcher.highlightTerms(parsed)
            let snippets = SnippetBuilder(analyzer: searcher.reader.analyzer)
            var shown: [ShownHit] = []
            let explanations = explain ? try searcher.explain(parsed, hits: results.hits, options: options) : nil
            for (i, hit) in results.hits.enumerated() {
                let (document, snippet) = try snippets.snippet(for: hit, in: searcher, terms: terms)
                shown.append(ShownHit(hit: hit, document: document, snippet: snippet, explanation: explanations?[i]))
            }
            if json {
                let took = Int(Date().timeIntervalSince(started) * 1e6)
                Terminal.printJSON(SearchReport.json(query: query, results: results, tookMicroseconds: took, hits: shown))
                return
            }
            let total = results.total
            if results.matchesNothing {
                print("The query only excludes words, so it matches nothing.")
                return
            }
            if total == 0 {
                print("No documents match \"\(SafeText.forTerminal(query))\".")
                return
            }
            // The listing is prepared first, so that the time printed under it includes it.
            var lines: [String] = []
            let color = Terminal.useColor
            for row in shown {
                let (hit, document, snippet) = (row.hit, row.document, row.snippet)
                let fullTitle = SafeText.forTerminal(document.title.isEmpty ? document.id : document.title)
                let id = SafeText.forTerminal(document.id)
                // Plain-text titles are whole first lines: keep the listing readable.
                let title = fullTitle.count > 100 ? String(fullTitle.prefix(99)) + "…" : fullTitle
                let score = String(format: "%.3f", hit.score)
                if color {
                    lines.append("\(Terminal.bold)\(hit.rank). \(title)\(Terminal.reset)  \(Terminal.dim)\(score)  \(id)\(Terminal.reset)")
                    lines.append("   " + Terminal.highlighted(snippet, open: Terminal.highlight, close: Terminal.reset))
                } else {
                    lines.append("\(hit.rank). \(title)  [\(score)]  \(id)")
                    lines.append("   " + Terminal.highlighted(snippet, open: "[", close: "]"))
                }
                if let explanation = row.explanation {
                    for line in explanation.formatted(indent: "     ").split(separator: "\n") {
                        lines.append(SafeText.forTerminal(String(line)))
                    }
                }
            }
            let plural = total == 1 && !results.totalIsLowerBound ? "document matches" : "documents match"
            let count = results.totalIsLowerBound ? total.formatted() + "+" : total.formatted()
            let range = shown.isEmpty ? "none shown" : offset == 0 ? "showing \(shown.count)" : "showing \(offset + 1)–\(offset + shown.count)"
            let took = Int(Date().timeIntervalSince(started) * 1e6)
            lines.append("\n\(count) \(plural); \(range) (\(String(format: "%.2f", Double(took) / 1000)) ms).")
            print(lines.joined(separator: "\n"))
        }
    }
}
