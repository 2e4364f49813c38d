extension Searcher {
    /// Calls `body` with the segment number and segment-local document number of every live
    /// document that matches `query`, segment by segment in document order (no ranking).
    func forEachMatch(_ query: Query, _ body: (Int, UInt32) throws -> Void) throws {
        let analyzed = try analyzedQuery(query, options: Self.matchingOnly)
        if analyzed.isNothing { return }
        let resolved = try resolve(analyzed, bm25: defaultBM25)
        try forEachSegment(norms: defaultNorms, bm25: defaultBM25, fieldB: [:]) { index, scoring in
            let root = try MatcherBuilder(resolved: resolved, segmentIndex: index, scoring: scoring).build(analyzed)
            var doc = root.doc
            while doc != PostingsCursor.noMore {
                if !scoring.isDeleted(doc) { try body(index, doc) }
                doc = root.next()
            }
            if root.corrupt { throw MatcherBuilder.corruption(scoring) }
        }
    }
}
