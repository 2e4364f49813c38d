/// Runs searches for the fuzz targets and checks what every result promises, whatever the input.
enum FuzzSearches {
    /// Sorts an error: a ``QuarryError`` is returned, anything else is a finding.
    static func quarryError(_ error: any Error, in what: String) throws(FuzzFinding) -> QuarryError {
        guard let error = error as? QuarryError else { throw FuzzFinding("\(what) threw a non-Quarry error: \(error)") }
        return error
    }

    /// Keeps `error` in `first` unless an earlier error is there; a non-Quarry error is a finding.
    /// A query that names a field the index lacks (its manifest lists other fields) is refused
    /// by the parser; that is no damage and is not kept.
    static func record(_ error: any Error, into first: inout QuarryError?, in what: String) throws(FuzzFinding) {
        if error is QuerySyntaxError { return }
        let error = try quarryError(error, in: what)
        if first == nil { first = error }
    }

    /// Whether `error` says the index is damaged (what `check` must then find too).
    static func isCorruption(_ error: QuarryError) -> Bool {
        switch error {
        case .corruptIndex, .unsupportedVersion: return true
        default: return false
        }
    }

    /// The fixed queries run on the segment fixture: every query mode and matcher (OR, AND, phrase,
    /// prefix, field, exclusion, exhaustive counting) over dense, medium and rare terms.
    static let segmentQueries: [(String, SearchOptions)] = [
        ("every common alpha", SearchOptions(limit: 10, mode: .any)),
        ("every common", SearchOptions(limit: 10, mode: .all)),
        ("alpha beta gamma", SearchOptions(limit: 10, mode: .all, countTotal: true)),
        ("\"every common\"", SearchOptions(limit: 10)),
        ("\"alpha beta\" gamma", SearchOptions(limit: 3, mode: .all)),
        ("\"common alpha\"~2 river", SearchOptions(limit: 5, countTotal: true)),
        ("run* qu*", SearchOptions(limit: 10)),
        ("title:alpha -beta", SearchOptions(limit: 10)),
        ("café OR über straße", SearchOptions(limit: 10, exhaustive: true)),
        ("every lambda^2 sigma", SearchOptions(limit: 20, offset: 5, countTotal: true)),
        ("id:d5 OR id:d7", SearchOptions(limit: 10)),
    ]

    /// Runs `queries` on `searcher`, reads every hit's stored document, counts, and looks up a few
    /// ids. Returns the first ``QuarryError`` (the index reported damage); throws a finding for any
    /// other error or a result that breaks its promises.
    /// With `readDocuments` false, hits' documents are not read (the store is then not what is
    /// fuzzed, and reading it is slow: each document decompresses its whole block).
    static func run(_ queries: [(String, SearchOptions)], on searcher: Searcher, checkOrder: Bool,
                    readDocuments: Bool) throws(FuzzFinding) -> QuarryError? {
        try run(queries.map { FuzzQuery(text: $0.0, options: $0.1) }, on: searcher, checkOrder: checkOrder, readDocuments: readDocuments)
    }

    /// Runs `queries` as ``run(_:on:checkOrder:readDocuments:)`` does; a query with a prepared form
    /// runs that (no parsing or analysis), one without is parsed and analyzed by `searcher`.
    /// `countQuery` is ``countText`` parsed, when the caller has it.
    static func run(_ queries: [FuzzQuery], countQuery: Query? = nil, on searcher: Searcher, checkOrder: Bool,
                    readDocuments: Bool) throws(FuzzFinding) -> QuarryError? {
        var first: QuarryError?
        for query in queries {
            let results: SearchResults
            do {
                if let prepared = query.prepared {
                    results = try searcher.search(prepared)
                } else {
                    results = try searcher.search(query.text, options: query.options)
                }
            } catch {
                try record(error, into: &first, in: "search \(query.text)")
                continue
            }
            try check(results, options: query.options, reader: searcher.reader, checkOrder: checkOrder, what: query.text)
            for hit in results.hits where readDocuments {
                do { _ = try searcher.document(hit) } catch { try record(error, into: &first, in: "document \(hit.doc)") }
            }
        }
        do {
            _ = try searcher.count(countQuery ?? searcher.parser.parse(countText, mode: .all))
            _ = try searcher.reader.liveDocument(withID: "d5")
            _ = try searcher.reader.liveDocument(withID: "d7")
        } catch {
            try record(error, into: &first, in: "count or id lookup")
        }
        return first
    }

    /// The query ``run(_:on:checkOrder:readDocuments:)`` counts the matches of.
    static let countText = "every common alpha"

    /// Throws a finding when `results` break what any search promises: at most `limit` hits, each
    /// a distinct, live document of the index, ranked in order; with `checkOrder` (an undamaged
    /// index), scores that do not increase down the list and a total no smaller than the hits.
    static func check(_ results: SearchResults, options: SearchOptions, reader: IndexReader, checkOrder: Bool, what: String) throws(FuzzFinding) {
        if results.hits.count > options.limit {
            throw FuzzFinding("\(what): \(results.hits.count) hits for a limit of \(options.limit)")
        }
        var seen = Set<Int>()
        for (i, hit) in results.hits.enumerated() {
            if hit.doc < 0 || hit.doc >= reader.documentCount {
                throw FuzzFinding("\(what): hit \(hit.doc) outside the \(reader.documentCount) documents")
            }
            if reader.isDeleted(hit.doc) { throw FuzzFinding("\(what): hit \(hit.doc) is a deleted document") }
            if !seen.insert(hit.doc).inserted { throw FuzzFinding("\(what): document \(hit.doc) is hit twice") }
            if checkOrder && i > 0 && !(results.hits[i - 1].score >= hit.score) {
                throw FuzzFinding("\(what): hit \(i) scores \(hit.score), above or unordered with \(results.hits[i - 1].score)")
            }
        }
        if checkOrder && results.total < results.hits.count + (results.hits.isEmpty ? 0 : options.offset) && !results.totalIsLowerBound {
            throw FuzzFinding("\(what): total \(results.total) below the \(results.hits.count) hits after offset \(options.offset)")
        }
    }
}
