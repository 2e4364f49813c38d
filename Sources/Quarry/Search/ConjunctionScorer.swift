/// AND of terms: the rarest term leads and the others leapfrog to it with `advance(to:)`,
/// which skips whole blocks through the skip entries.
enum ConjunctionScorer {
    /// Visits every document of the segment that contains all `terms`. With `top`, scores them.
    /// Returns the number of matching documents.
    static func run(terms: [ResolvedTerm], segmentIndex: Int, scoring: SegmentScoring, top: inout TopK?) throws -> Int {
        var cursors: [PostingsCursor] = []
        var weights: [Float] = []
        for term in terms {
            guard let info = term.infos[segmentIndex] else { return 0 }
            cursors.append(try scoring.reader.cursor(for: info))
            weights.append(term.weight)
        }
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
