/// Runs ranked queries against an ``IndexReader``.
///
/// A searcher is immutable and `Sendable`: any number of threads may search at once. Each search
/// allocates its cursors and a top-k heap; the per-segment norms for the index's default BM25
/// parameters are computed once, at creation.
public final class Searcher: Sendable {
    public let reader: IndexReader
    public let parser: QueryParser
    private let defaultBM25: BM25
    private let defaultNorms: [[Float]]

    public init(reader: IndexReader) {
        self.reader = reader
        parser = QueryParser(analyzer: reader.analyzer)
        let bm25 = reader.defaultBM25
        defaultBM25 = bm25
        defaultNorms = reader.segments.map { bm25.norms(lengths: $0.lengths, averageLength: reader.averageLength) }
    }

    /// Opens the index at `path` for searching.
    public convenience init(indexPath: String) throws {
        self.init(reader: try IndexReader(path: indexPath))
    }

    /// Parses `text` with the index's analyzer and runs it.
    public func search(_ text: String, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        try search(parser.parse(text, mode: options.mode), options: options)
    }

    /// Runs a parsed query.
    public func search(_ query: Query, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        let bm25 = options.bm25 ?? defaultBM25
        var top = TopK(capacity: options.limit)
        var total = 0
        let resolved = try resolve(query, bm25: bm25)
        try forEachSegment(bm25: bm25) { index, scoring in
            total += try evaluate(query, resolved: resolved, segmentIndex: index, scoring: scoring, top: &top, options: options)
        }
        let hits = top.sorted().enumerated().map { Hit(rank: $0.offset + 1, doc: Int($0.element.doc), score: $0.element.score) }
        let exact = options.countTotal || options.exhaustive
        return SearchResults(query: query, hits: hits, total: exact ? total : nil)
    }

    /// The number of documents that contain every term (and phrase) of `text`, without ranking.
    public func count(_ text: String) throws -> Int {
        let query = try parser.parse(text, mode: .all)
        return try count(query)
    }

    /// The number of documents that match `query` (its mode decides OR or AND), without ranking.
    public func count(_ query: Query) throws -> Int {
        let resolved = try resolve(query, bm25: defaultBM25)
        var total = 0
        try forEachSegment(bm25: defaultBM25) { index, scoring in
            var none: TopK? = nil
            if isTermOnly(query) && query.mode == .all {
                total += try ConjunctionScorer.run(terms: resolved.terms, segmentIndex: index, scoring: scoring, top: &none)
            } else {
                let matchers = try makeMatchers(query, resolved: resolved, segmentIndex: index, scoring: scoring)
                total += try ClauseScorer.run(matchers: matchers, mode: query.mode, scoring: scoring, top: &none)
            }
        }
        return total
    }

    /// The stored fields of a hit.
    public func document(_ hit: Hit) throws -> StoredDocument {
        try reader.document(hit.doc)
    }

    // MARK: Evaluation

    private struct Resolved {
        /// The query's distinct terms, in order.
        var terms: [ResolvedTerm]

        func term(_ text: String) -> ResolvedTerm {
            terms.first { $0.term == text }!
        }
    }

    private func resolve(_ query: Query, bm25: BM25) throws -> Resolved {
        var terms: [ResolvedTerm] = []
        for term in query.terms {
            var infos: [TermInfo?] = []
            var docFreq = 0
            let key = Array(term.utf8)
            for segment in reader.segments {
                let info = try segment.termInfo(field: SegmentBuffer.textField, term: key)
                infos.append(info)
                docFreq += info?.docFreq ?? 0
            }
            let idf = BM25.idf(docFreq: docFreq, documentCount: reader.documentCount)
            terms.append(ResolvedTerm(term: term, docFreq: docFreq, weight: idf * (bm25.k1 + 1), infos: infos))
        }
        return Resolved(terms: terms)
    }

    private func isTermOnly(_ query: Query) -> Bool {
        query.clauses.allSatisfy { if case .term = $0 { return true } else { return false } }
    }

    private func forEachSegment(bm25: BM25, _ body: (Int, SegmentScoring) throws -> Void) throws {
        for (index, segment) in reader.segments.enumerated() {
            let norms = bm25 == defaultBM25
                ? defaultNorms[index]
                : bm25.norms(lengths: segment.lengths, averageLength: reader.averageLength)
            try norms.withUnsafeBufferPointer { table in
                let scoring = SegmentScoring(reader: segment, base: reader.segmentBases[index], norms: table,
                                             bm25: bm25, averageLength: reader.averageLength)
                try body(index, scoring)
            }
        }
    }

    private func evaluate(_ query: Query, resolved: Resolved, segmentIndex: Int, scoring: SegmentScoring,
                          top: inout TopK, options: SearchOptions) throws -> Int {
        if isTermOnly(query) {
            switch query.mode {
            case .any:
                return try DisjunctionScorer.run(terms: resolved.terms, segmentIndex: segmentIndex, scoring: scoring,
                                                 top: &top, exhaustive: options.exhaustive || options.countTotal)
            case .all:
                var optional: TopK? = top
                let n = try ConjunctionScorer.run(terms: resolved.terms, segmentIndex: segmentIndex, scoring: scoring, top: &optional,
                                                  prune: !(options.exhaustive || options.countTotal))
                top = optional!
                return n
            }
        }
        let matchers = try makeMatchers(query, resolved: resolved, segmentIndex: segmentIndex, scoring: scoring)
        var optional: TopK? = top
        let n = try ClauseScorer.run(matchers: matchers, mode: query.mode, scoring: scoring, top: &optional)
        top = optional!
        return n
    }

    private func makeMatchers(_ query: Query, resolved: Resolved, segmentIndex: Int, scoring: SegmentScoring) throws -> [ClauseMatcher?] {
        try query.clauses.map { clause -> ClauseMatcher? in
            switch clause {
            case .term(let term):
                let r = resolved.term(term)
                guard let info = r.infos[segmentIndex] else { return nil }
                return TermMatcher(cursor: try scoring.reader.cursor(for: info), weight: r.weight)
            case .phrase(let parts):
                var probes: [PostingsCursor] = []
                var readers: [PostingsCursor] = []
                var cursorOf: [String: Int] = [:]
                var elements: [(term: Int, offset: UInt32)] = []
                var idf: Float = 0
                for part in parts {
                    let r = resolved.term(part.term)
                    guard let info = r.infos[segmentIndex] else { return nil }
                    if cursorOf[part.term] == nil {
                        cursorOf[part.term] = probes.count
                        probes.append(try scoring.reader.cursor(for: info))
                        readers.append(try scoring.reader.cursor(for: info))
                    }
                    elements.append((cursorOf[part.term]!, part.offset))
                    idf += BM25.idf(docFreq: r.docFreq, documentCount: reader.documentCount)
                }
                return PhraseMatcher(probes: probes, readers: readers, elements: elements, weight: idf * (scoring.bm25.k1 + 1),
                                     documentCount: scoring.reader.documentCount)
            }
        }
    }
}
