/// Runs ranked queries against an ``IndexReader``.
///
/// A searcher is immutable and `Sendable`: any number of threads may search at once. Each search
/// analyzes its ``Query``, builds a matcher tree per segment and collects the top hits with score
/// bounds, so documents that cannot enter the results are skipped. Pure-term OR and AND trees run on
/// dedicated block-max loops (`DisjunctionScorer`, `ConjunctionScorer`); every other tree runs
/// on the generic matchers with MaxScore over its top-level optional clauses.
public final class Searcher: Sendable {
    public let reader: IndexReader
    public let parser: QueryParser
    let fields: [String: UInt8]
    let defaultBM25: BM25
    /// Per segment, per field: norms for the index's BM25 parameters.
    let defaultNorms: [[NormsTable]]
    /// Per segment: the scoring context for the index's BM25 parameters (over `defaultNorms`, which
    /// lives as long as this searcher), made once instead of on every search.
    nonisolated(unsafe) private let defaultScorings: [SegmentScoring]

    /// Totals are counted exactly up to this many matches unless asked for an exact count.
    public static let exactTotalLimit = 1000
    /// The most hits one search may ask for (`offset + limit`).
    public static let maximumHits = 1_000_000

    public init(reader: IndexReader) {
        self.reader = reader
        parser = QueryParser(analyzer: reader.analyzer, fields: Set(reader.fieldNames + (Self.hasBody(reader) ? [BodyField.name] : [])))
        var fields: [String: UInt8] = [:]
        for (i, name) in reader.fieldNames.enumerated() { fields[name] = UInt8(i) }
        self.fields = fields
        let bm25 = reader.defaultBM25
        defaultBM25 = bm25
        let settings = Self.fieldSettings(reader: reader, bm25: bm25, fieldB: [:])
        let norms = Self.norms(reader: reader, settings: settings)
        defaultNorms = norms
        let body = Self.bodySetting(reader: reader, bm25: bm25, fieldB: [:])
        defaultScorings = reader.segments.indices.map {
            Self.segmentScoring(reader: reader, index: $0, tables: norms[$0], settings: settings, body: body)
        }
    }

    /// Per field number: BM25 parameters and average length.
    static func fieldSettings(reader: IndexReader, bm25: BM25, fieldB: [String: Float]) -> [(BM25, Float)] {
        reader.fieldNames.enumerated().map { field, name -> (BM25, Float) in
            switch name {
            case "title": return (BM25(k1: bm25.k1, b: fieldB["title"] ?? bm25.b), reader.titleAverageLength)
            case "id": return (BM25(k1: bm25.k1, b: 0), 1)  // keywords: no length normalisation
            default:
                let extra = field - Int(SegmentBuffer.firstExtraField)
                let average = extra >= 0 && extra < reader.extraAverageLengths.count ? reader.extraAverageLengths[extra] : reader.averageLength
                return (BM25(k1: bm25.k1, b: fieldB[name] ?? bm25.b), average)
            }
        }
    }

    /// Whether the index can search `body:` (it has a title field to take from the text).
    static func hasBody(_ reader: IndexReader) -> Bool {
        reader.fieldNames.contains("title")
    }

    /// The body's BM25 parameters and average length.
    static func bodySetting(reader: IndexReader, bm25: BM25, fieldB: [String: Float]) -> (BM25, Float) {
        (BM25(k1: bm25.k1, b: fieldB[BodyField.name] ?? bm25.b), reader.bodyAverageLength)
    }

    static func norms(reader: IndexReader, settings: [(BM25, Float)]) -> [[NormsTable]] {
        reader.segments.map { segmentNorms($0, reader: reader, settings: settings) }
    }

    /// One segment's norms, per field.
    static func segmentNorms(_ segment: SegmentReader, reader: IndexReader, settings: [(BM25, Float)]) -> [NormsTable] {
        settings.enumerated().map { field, setting in
            NormsTable(lengths: lengths(segment, field: field, reader: reader), count: segment.documentCount,
                       bm25: setting.0, averageLength: setting.1)
        }
    }

    /// The per-document lengths a field's norms are made from (the text field's for fields without
    /// their own lengths).
    static func lengths(_ segment: SegmentReader, field: Int, reader: IndexReader) -> UnsafeBufferPointer<UInt32> {
        let extra = field - Int(SegmentBuffer.firstExtraField)
        if extra >= 0 && extra < segment.extraLengths.count { return segment.extraLengths[extra] }
        return field == Int(SegmentBuffer.titleField) && reader.fieldNames.count > 1 ? segment.titleLengths : segment.lengths
    }

    /// A word without a field searches the text, adds its title match (weighted), and searches
    /// each extra field (weighted; a field of weight 0 is not searched).
    private func analysis(_ options: SearchOptions) -> QueryAnalysis {
        var weights: [UInt8: Float] = [:]
        if let title = fields["title"] { weights[title] = options.fieldWeights["title"] ?? SearchOptions.defaultTitleWeight }
        for name in reader.extraFieldNames {
            if let field = fields[name] { weights[field] = options.fieldWeights[name] ?? SearchOptions.defaultExtraFieldWeight }
        }
        var analysis = QueryAnalysis(analyzer: reader.analyzer, fields: fields, defaultField: SegmentBuffer.textField, alsoSearched: weights)
        analysis.hasBody = Self.hasBody(reader)
        return analysis
    }

    /// Opens the index at `path` for searching.
    public convenience init(indexPath: String) throws {
        self.init(reader: try IndexReader(path: indexPath))
    }

    /// Parses `text` in the query language (bare words joined by `options.mode`) and runs it.
    public func search(_ text: String, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        try search(parser.parse(text, mode: options.mode), options: options)
    }

    /// Runs a query tree.
    public func search(_ query: Query, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        try search(prepare(query, options: options))
    }

    /// Analyzes a query once for repeated runs (what a query parser does before a search; the
    /// benchmark times searches of prepared queries, as the peers time searches of parsed ones).
    public func prepare(_ query: Query, options: SearchOptions = SearchOptions()) throws -> PreparedQuery {
        try options.validate()
        return PreparedQuery(query: query, options: options, analyzed: try analyzedQuery(query, options: options))
    }

    /// Runs a prepared query.
    public func search(_ prepared: PreparedQuery) throws -> SearchResults {
        let options = prepared.options
        let query = prepared.query
        let bm25 = options.bm25 ?? defaultBM25
        let analyzed = prepared.analyzed
        var top = TopK(capacity: options.offset + options.limit)
        let resolved = try resolve(analyzed, bm25: bm25)
        let norms = bm25 == defaultBM25 && options.fieldB.isEmpty
            ? defaultNorms : Self.norms(reader: reader, settings: Self.fieldSettings(reader: reader, bm25: bm25, fieldB: options.fieldB))
        // The loop a query's shape selects is the same in every segment: chosen once.
        let shape = fastShape(analyzed, resolved: resolved)
        try forEachSegment(norms: norms, bm25: bm25, fieldB: options.fieldB) { index, scoring in
            try collect(analyzed, shape: shape, resolved: resolved, segmentIndex: index, scoring: scoring, top: &top,
                        exhaustive: options.exhaustive)
        }
        let sorted = top.sorted()
        let page = sorted.dropFirst(options.offset)
        let hits = page.enumerated().map { Hit(rank: options.offset + $0.offset + 1, doc: Int($0.element.doc), score: $0.element.score) }
        let exact = options.countTotal || options.exhaustive
        if !exact && options.totalCountLimit == 0 {
            return SearchResults(query: query, hits: hits, total: sorted.count,
                                 totalIsLowerBound: sorted.count >= options.offset + options.limit && sorted.count > 0,
                                 matchesNothing: analyzed.isNothing)
        }
        let limit = exact ? Int.max : options.totalCountLimit + 1
        // Matching ignores the extra title score (the text field holds the title): counting without
        // it keeps AND queries on the AND loop.
        let countQuery = try analyzedQuery(query, options: Self.matching(options))
        let counted = try count(countQuery, resolved: try resolve(countQuery, bm25: bm25), norms: norms, bm25: bm25,
                                fieldB: options.fieldB, upTo: limit)
        let total = max(counted, sorted.count)
        let isLowerBound = !exact && total > options.totalCountLimit
        return SearchResults(query: query, hits: hits, total: isLowerBound ? options.totalCountLimit : total,
                             totalIsLowerBound: isLowerBound, matchesNothing: analyzed.isNothing)
    }

    /// The number of documents that match `text` (bare words joined by `mode`).
    public func count(_ text: String, mode: Query.Mode = .all) throws -> Int {
        try count(parser.parse(text, mode: mode))
    }

    /// The number of documents that match `query`, without ranking.
    public func count(_ query: Query) throws -> Int {
        let analyzed = try analyzedQuery(query, options: Self.matchingOnly)
        let resolved = try resolve(analyzed, bm25: defaultBM25)
        return try count(analyzed, resolved: resolved, norms: defaultNorms, bm25: defaultBM25, fieldB: [:], upTo: Int.max)
    }

    /// Options for counting: no extra title score, which does not change what matches.
    static let matchingOnly: SearchOptions = matching(SearchOptions())

    /// Options that match what `options` match, without the title's score (the text holds the
    /// title). Extra fields do change what matches, so they stay (weight 1, or 0 if off).
    static func matching(_ options: SearchOptions) -> SearchOptions {
        var matching = SearchOptions()
        matching.fieldWeights = ["title": 0]
        for (name, weight) in options.fieldWeights where name != "title" { matching.fieldWeights[name] = weight > 0 ? 1 : 0 }
        return matching
    }

    /// The stored fields of a hit.
    public func document(_ hit: Hit) throws -> StoredDocument {
        try reader.document(hit.doc)
    }

    /// A hit's stored fields with at most the first `bodyPrefixBytes` bytes of its body, which is
    /// all a snippet needs (``SnippetBuilder/bodyPrefixLimit``); see ``IndexReader/document(_:bodyPrefixBytes:)``.
    public func document(_ hit: Hit, bodyPrefixBytes: Int) throws -> StoredDocument {
        try reader.document(hit.doc, bodyPrefixBytes: bodyPrefixBytes)
    }

    /// The analyzed words of `query` that can be highlighted: terms and phrase words (not exclusions).
    public func highlightTerms(_ query: Query) -> Set<String> {
        var result = Set<String>()
        for word in query.words {
            for term in reader.analyzer.terms(word) { result.insert(term) }
        }
        return result
    }

    // MARK: Analysis and statistics

    func analyzedQuery(_ query: Query, options: SearchOptions) throws -> AnalyzedQuery {
        let analyzed = try analysis(options).analyze(query)
        if analyzed.isNothing, !Self.hasExclusionsOnly(query) {
            throw QuarryError.badQuery("the query has no searchable words")
        }
        return analyzed
    }

    /// True for a boolean query made only of exclusions (it matches nothing, by definition).
    static func hasExclusionsOnly(_ query: Query) -> Bool {
        switch query {
        case .boolean(let b): return b.must.isEmpty && b.should.isEmpty && b.filter.isEmpty && !b.mustNot.isEmpty
        case .boost(let inner, _), .constantScore(let inner, _): return hasExclusionsOnly(inner)
        default: return false
        }
    }

    /// Per distinct term key: global document frequency and per-segment entries.
    struct Resolved {
        var terms = ResolvedTerms()
        let documentCount: Int
        let k1: Float

        func weight(of key: [UInt8], boost: Float) -> Float {
            (terms[key]?.weight ?? 0) * boost
        }
    }

    func resolve(_ query: AnalyzedQuery, bm25: BM25) throws -> Resolved {
        var resolved = Resolved(documentCount: reader.documentCount, k1: bm25.k1)
        for key in query.termKeys where resolved.terms[key] == nil {
            var infos: [TermInfo?] = []
            infos.reserveCapacity(reader.segments.count)
            var docFreq = 0
            for segment in reader.segments {
                let info = try segment.dictionary.lookup(key)
                infos.append(info)
                docFreq += info?.docFreq ?? 0
            }
            let idf = BM25.idf(docFreq: docFreq, documentCount: reader.documentCount)
            resolved.terms[key] = ResolvedTerm(term: String(decoding: key.dropFirst(), as: UTF8.self), docFreq: docFreq,
                                               weight: idf * (bm25.k1 + 1), infos: infos, field: key.first ?? 0)
        }
        // Body words: their document frequency counted from the text and title postings.
        for term in query.bodyTerms where resolved.terms[BodyField.statisticsKey(of: term)] == nil {
            var docFreq = 0
            for segment in reader.segments { docFreq += try BodyField.documentFrequency(of: term, in: segment) }
            let idf = BM25.idf(docFreq: docFreq, documentCount: reader.documentCount)
            resolved.terms[BodyField.statisticsKey(of: term)] = ResolvedTerm(
                term: String(decoding: term, as: UTF8.self), docFreq: docFreq, weight: idf * (bm25.k1 + 1),
                infos: [TermInfo?](repeating: nil, count: reader.segments.count), field: BodyField.field)
        }
        return resolved
    }

    /// Calls `body` per segment with its scoring context; `norms` (per segment, per field) must stay
    /// alive for the call, which it does as the caller's argument.
    func forEachSegment(norms: [[NormsTable]], bm25: BM25, fieldB: [String: Float],
                                _ body: (Int, SegmentScoring) throws -> Void) throws {
        if bm25 == defaultBM25 && fieldB.isEmpty {
            // The defaults: contexts made once, over `defaultNorms` (what callers pass then).
            for index in reader.segments.indices { try body(index, defaultScorings[index]) }
            return
        }
        let settings = Self.fieldSettings(reader: reader, bm25: bm25, fieldB: fieldB)
        let bodySetting = Self.bodySetting(reader: reader, bm25: bm25, fieldB: fieldB)
        for index in reader.segments.indices {
            let scoring = segmentScoring(index, tables: norms[index], settings: settings, body: bodySetting)
            try withExtendedLifetime(norms) { try body(index, scoring) }
        }
    }

    /// Segment `index`'s scoring context over its per-field norms `tables`, which must outlive it.
    func segmentScoring(_ index: Int, tables: [NormsTable], settings: [(BM25, Float)], body: (BM25, Float)) -> SegmentScoring {
        Self.segmentScoring(reader: reader, index: index, tables: tables, settings: settings, body: body)
    }

    static func segmentScoring(reader: IndexReader, index: Int, tables: [NormsTable], settings: [(BM25, Float)],
                               body: (BM25, Float)) -> SegmentScoring {
        let fields = tables.enumerated().map { field, table in
            FieldScoring(norms: table.pointer, bm25: settings[field].0, averageLength: settings[field].1)
        }
        let segment = reader.segments[index]
        let bodyScoring = BodyScoring(textLengths: segment.lengths, titleLengths: segment.titleLengths, bm25: body.0, averageLength: body.1)
        return SegmentScoring(reader: segment, base: reader.segmentBases[index], fields: fields, body: bodyScoring)
    }

    // MARK: Collection

    /// The shapes the dedicated loops run: plain terms of the default field, OR-ed or AND-ed.
    private enum FastShape {
        case or([ResolvedTerm])
        case and([ResolvedTerm])
    }

    private func fastShape(_ query: AnalyzedQuery, resolved: Resolved) -> FastShape? {
        func plainTerm(_ q: AnalyzedQuery) -> ResolvedTerm? {
            guard case .term(let key, let boost) = q, let term = resolved.terms[key] else { return nil }
            return ResolvedTerm(term: term.term, docFreq: term.docFreq, weight: term.weight * boost, infos: term.infos, field: term.field)
        }
        switch query {
        case .term:
            return plainTerm(query).map { .or([$0]) }
        case .boolean(let must, let should, let mustNot, let filter, let required) where mustNot.isEmpty && filter.isEmpty:
            if must.isEmpty && required <= 1 {
                let terms = should.compactMap(plainTerm)
                return terms.count == should.count ? .or(terms) : nil
            }
            if should.isEmpty {
                // The AND loops score every term with the text field's norms.
                let terms = must.compactMap(plainTerm).filter { $0.field == SegmentBuffer.textField }
                return terms.count == must.count ? .and(terms) : nil
            }
            return nil
        default:
            return nil
        }
    }

    private func collect(_ query: AnalyzedQuery, shape: FastShape?, resolved: Resolved, segmentIndex: Int, scoring: SegmentScoring,
                         top: inout TopK, exhaustive: Bool) throws {
        switch shape {
        case .or(let terms):
            _ = try DisjunctionScorer.run(terms: terms, segmentIndex: segmentIndex, scoring: scoring, top: &top, exhaustive: exhaustive)
        case .and(let terms):
            var optional: TopK? = top
            _ = try ConjunctionScorer.run(terms: terms, segmentIndex: segmentIndex, scoring: scoring, top: &optional, prune: !exhaustive)
            top = optional!
        case nil:
            let builder = MatcherBuilder(resolved: resolved, segmentIndex: segmentIndex, scoring: scoring)
            let root = try builder.build(query)
            try TreeCollector.collect(root, scoring: scoring, top: &top, prune: !exhaustive)
            if root.corrupt { throw MatcherBuilder.corruption(scoring) }
        }
    }

    private func count(_ query: AnalyzedQuery, resolved: Resolved, norms: [[NormsTable]], bm25: BM25, fieldB: [String: Float],
                       upTo limit: Int) throws -> Int {
        if query.isNothing { return 0 }
        var total = 0
        let shape = fastShape(query, resolved: resolved)
        try forEachSegment(norms: norms, bm25: bm25, fieldB: fieldB) { index, scoring in
            guard total < limit else { return }
            if limit == Int.max, case .and(let terms) = shape {
                var none: TopK? = nil
                total += try ConjunctionScorer.run(terms: terms, segmentIndex: index, scoring: scoring, top: &none)
                return
            }
            let root = try MatcherBuilder(resolved: resolved, segmentIndex: index, scoring: scoring).build(query)
            var doc = root.doc
            while doc != PostingsCursor.noMore && total < limit {
                if !scoring.isDeleted(doc) { total += 1 }
                doc = root.next()
            }
            if root.corrupt { throw MatcherBuilder.corruption(scoring) }
        }
        return total
    }
}
