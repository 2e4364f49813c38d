/// AND of terms: the rarest term leads and the others leapfrog to it with `advance(to:)`,
/// which skips whole blocks through the skip entries.
///
/// With a full top-k heap, a match whose terms' current blocks cannot together beat the threshold
/// lets the lead jump past the end of the shortest of those blocks: no document in between can enter.
enum ConjunctionScorer {
    /// Visits every document of the segment that contains all `terms`. With `top`, scores them.
    /// Returns the number of matching documents.
    /// With `prune`, documents that cannot enter `top` may be skipped, so the count is only exact without it.
    static func run(terms: [ResolvedTerm], segmentIndex: Int, scoring: SegmentScoring, top: inout TopK?, prune: Bool = false) throws -> Int {
        var cursors: [PostingsCursor] = []
        var weights: [Float] = []
        var bounds: [Float] = []
        for term in terms {
            guard let info = term.infos[segmentIndex] else { return 0 }
            cursors.append(try scoring.reader.cursor(for: info))
            weights.append(term.weight)
            bounds.append(scoring.upperBound(weight: term.weight, info: info))
        }
        var blockCache = [(block: Int, bound: Float)](repeating: (-1, 0), count: cursors.count)
        var checkedUntil: UInt32 = 0
        var checkedThreshold = -Float.infinity
        if cursors.isEmpty { return 0 }
        // Drive by the rarest term; score in query order.
        let order = (0..<cursors.count).sorted { cursors[$0].docFreq < cursors[$1].docFreq }
        let lead = cursors[order[0]]
        var matches = 0
        var doc = lead.doc
        outer: while doc != PostingsCursor.noMore {
            var t = 1
            while t < order.count {
                let found = cursors[order[t]].advance(to: doc)
                if found != doc {
                    doc = lead.advance(to: found)
                    if doc == PostingsCursor.noMore { break outer }
                    t = 1
                    continue
                }
                t += 1
            }
            if prune && top != nil && top!.isFull && (doc > checkedUntil || top!.threshold > checkedThreshold) {
                // All cursors sit on `doc`; the window is the overlap of their current blocks.
                var bound: Float = 0
                var windowEnd = PostingsCursor.noMore
                for i in 0..<cursors.count {
                    bound += scoring.currentBlockBound(weight: weights[i], cursor: cursors[i], termBound: bounds[i], cache: &blockCache[i])
                    windowEnd = min(windowEnd, cursors[i].blockLastDoc)
                }
                checkedThreshold = top!.threshold
                if bound * SegmentScoring.boundSlack <= checkedThreshold {
                    if windowEnd == PostingsCursor.noMore { break }
                    doc = lead.advance(to: windowEnd + 1)
                    continue
                }
                checkedUntil = windowEnd
            }
            matches += 1
            if top != nil {
                var total: Float = 0
                for i in 0..<cursors.count {
                    total += scoring.score(weight: weights[i], freq: cursors[i].freq, doc: doc)
                }
                top!.offer(score: total, doc: scoring.base + doc)
            }
            doc = lead.next()
        }
        if cursors.contains(where: \.corrupt) {
            throw QuarryError.corruptIndex("\(scoring.reader.info.name).postings: a postings block failed its checks")
        }
        return matches
    }
}
