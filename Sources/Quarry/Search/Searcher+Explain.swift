extension Searcher {
    /// How `hit`'s score for `query` was computed, as Lucene's explain shows it: a boolean node is
    /// the sum of its matching clauses, a term or phrase its BM25 parts (boost, idf from n and N,
    /// tf from the frequency, k1, b, the field's length and average length).
    ///
    /// The query is evaluated again on the hit's document alone, with the same matchers and
    /// statistics as the search, so the root's value is the hit's score (up to float rounding where
    /// the search summed in another order). Pass the `options` the search ran with.
    public func explain(_ query: Query, hit: Hit, options: SearchOptions = SearchOptions()) throws -> Explanation {
        try explain(query, document: hit.doc, options: options)
    }

    /// How global document `document` scores for `query` (value 0, "no match", when it does not match).
    public func explain(_ query: Query, document: Int, options: SearchOptions = SearchOptions()) throws -> Explanation {
        try options.validate()
        guard document >= 0 && document < reader.documentCount else { throw QuarryError.badQuery("no document \(document)") }
        let bm25 = options.bm25 ?? defaultBM25
        let analyzed = try analyzedQuery(query, options: options)
        let resolved = try resolve(analyzed, bm25: bm25)
        return try explain(analyzed, resolved: resolved, documents: [document], bm25: bm25, options: options)[0]
    }

    /// How each of `hits` scored for `query`, in their order: what ``explain(_:hit:options:)``
    /// gives for each, but with the query looked up once, and its matchers built once a segment
    /// and moved from hit to hit. Explaining each hit alone built every matcher again: with
    /// hundreds of prefixes, 16 ms a hit, 18 s for a page of 1,000.
    public func explain(_ query: Query, hits: [Hit], options: SearchOptions = SearchOptions()) throws -> [Explanation] {
        try options.validate()
        for hit in hits where hit.doc < 0 || hit.doc >= reader.documentCount { throw QuarryError.badQuery("no document \(hit.doc)") }
        if hits.isEmpty { return [] }
        let bm25 = options.bm25 ?? defaultBM25
        let analyzed = try analyzedQuery(query, options: options)
        let resolved = try resolve(analyzed, bm25: bm25)
        // Matchers only move forward: each segment's hits are explained in document order.
        var order = Array(hits.indices)
        order.sort { (hits[$0].doc, $0) < (hits[$1].doc, $1) }
        let explanations = try explain(analyzed, resolved: resolved, documents: order.map { hits[$0].doc }, bm25: bm25, options: options)
        var result = explanations
        for (position, index) in order.enumerated() { result[index] = explanations[position] }
        return result
    }

    /// The explanations of `documents` (in range, in ascending order) for a query already analyzed
    /// and resolved: one matcher tree a segment, advanced from document to document.
    private func explain(_ analyzed: AnalyzedQuery, resolved: Resolved, documents: [Int], bm25: BM25,
                         options: SearchOptions) throws -> [Explanation] {
        let settings = Self.fieldSettings(reader: reader, bm25: bm25, fieldB: options.fieldB)
        let body = Self.bodySetting(reader: reader, bm25: bm25, fieldB: options.fieldB)
        var result: [Explanation] = []
        result.reserveCapacity(documents.count)
        var start = 0
        while start < documents.count {
            let segmentIndex = reader.locate(UInt32(documents[start])).segment
            var end = start + 1
            while end < documents.count && reader.locate(UInt32(documents[end])).segment == segmentIndex { end += 1 }
            let segment = reader.segments[segmentIndex]
            let tables = bm25 == defaultBM25 && options.fieldB.isEmpty
                ? defaultNorms[segmentIndex] : Self.segmentNorms(segment, reader: reader, settings: settings)
            try withExtendedLifetime(tables) {
                let scoring = segmentScoring(segmentIndex, tables: tables, settings: settings, body: body)
                let root = try MatcherBuilder(resolved: resolved, segmentIndex: segmentIndex, scoring: scoring).build(analyzed)
                let lengths = tables.indices.map { Self.lengths(segment, field: $0, reader: reader) }
                for document in documents[start..<end] {
                    let target = UInt32(reader.locate(UInt32(document)).local)
                    if root.doc < target { root.advance(to: target) }
                    if root.corrupt { throw MatcherBuilder.corruption(scoring) }
                    let explainer = MatchExplainer(resolved: resolved, scoring: scoring, fieldNames: reader.fieldNames,
                                                   lengths: lengths, doc: target)
                    result.append(explainer.explain(analyzed, root)
                        ?? Explanation(value: 0, description: "no match: document \(document) does not match the query"))
                }
            }
            start = end
        }
        return result
    }
}
