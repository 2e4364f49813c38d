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
        let (segmentIndex, local) = reader.locate(UInt32(document))
        let segment = reader.segments[segmentIndex]
        let settings = Self.fieldSettings(reader: reader, bm25: bm25, fieldB: options.fieldB)
        let tables = bm25 == defaultBM25 && options.fieldB.isEmpty
            ? defaultNorms[segmentIndex] : Self.segmentNorms(segment, reader: reader, settings: settings)
        return try withExtendedLifetime(tables) {
            let scoring = segmentScoring(segmentIndex, tables: tables, settings: settings,
                                         body: Self.bodySetting(reader: reader, bm25: bm25, fieldB: options.fieldB))
            let root = try MatcherBuilder(resolved: resolved, segmentIndex: segmentIndex, scoring: scoring).build(analyzed)
            let target = UInt32(local)
            if root.doc < target { root.advance(to: target) }
            if root.corrupt { throw MatcherBuilder.corruption(scoring) }
            let explainer = MatchExplainer(resolved: resolved, scoring: scoring, fieldNames: reader.fieldNames,
                                           lengths: tables.indices.map { Self.lengths(segment, field: $0, reader: reader) },
                                           doc: target)
            return explainer.explain(analyzed, root)
                ?? Explanation(value: 0, description: "no match: document \(document) does not match the query")
        }
    }
}
