import ArgumentParser
import Quarry

/// `quarry search --queries FILE --format trec --run-id NAME`: one search per line of a query
/// list, written as a TREC run.
struct BatchSearchOptions: ParsableArguments {
    /// The batch output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case trec
    }

    @Option(help: ArgumentHelp("Run every query of a file (qid<TAB>query text a line) instead of one query.", valueName: "file"))
    var queries: String?

    @Option(help: "The output of --queries: trec (qid Q0 docid rank score run-id, at most -k lines a query).")
    var format: Format?

    @Option(help: "The run name written on every line of a TREC run.")
    var runId = "quarry"

    /// Whether the search runs a query list.
    var isBatch: Bool { queries != nil }

    /// Checks the batch options against the rest of the search command's.
    func check(query: String?, json: Bool, count: Bool) throws {
        guard isBatch else {
            if query == nil { throw ValidationError("give a query, or a query file with --queries") }
            if format != nil { throw ValidationError("--format applies to --queries only") }
            return
        }
        if query != nil { throw ValidationError("give either a query or --queries, not both") }
        if json || count { throw ValidationError("--queries writes a TREC run: --json and --count do not apply") }
        if runId.isEmpty || runId.contains(where: \.isWhitespace) {
            throw ValidationError("--run-id must be one word (no spaces)")
        }
    }

    /// Runs the query list with the given search settings and writes the run to standard output.
    func run(searcher: Searcher, limit: Int, mode: Query.Mode, k1: Float?, b: Float?,
             fieldWeights: [String: Float] = [:], fieldB: [String: Float] = [:]) throws {
        guard let queries else { return }
        let list = try QueryList(contentsOfFile: queries)
        var bm25 = searcher.reader.defaultBM25
        if let k1 { bm25.k1 = k1 }
        if let b { bm25.b = b }
        // No total count: a run lists hits only (the hits are the same either way).
        var options = SearchOptions(limit: limit, mode: mode, bm25: bm25, countTotal: false)
        options.fieldWeights = fieldWeights
        options.fieldB = fieldB
        try TRECRunWriter(searcher: searcher, options: options, runID: runId).write(list)
    }
}
