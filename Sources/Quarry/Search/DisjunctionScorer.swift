/// Top-k for an OR of terms with MaxScore pruning (Turtle & Flood), exact.
///
/// Terms are ordered by their segment upper bound. The longest prefix whose bounds sum to no more
/// than the current k-th score is "non-essential": a document that only they contain cannot enter
/// the top k, so only the essential terms are iterated and the others are probed with `advance(to:)`,
/// from the highest bound down, stopping as soon as the remaining bounds cannot lift the document
/// over the threshold. Documents arrive in increasing id order, so one that merely ties the threshold
/// can never displace an earlier one; pruning at `≤ threshold` is therefore exact.
/// Final scores are summed in query-term order, so they are bit-identical to exhaustive evaluation.
///
/// Block-max refinement: the essential cursors' current blocks overlap on a window that ends at the
/// smallest of their last documents. If their block bounds plus the non-essential bounds cannot beat
/// the threshold, every document in the window is skipped without decoding frequencies or scoring.
enum DisjunctionScorer {
    /// Scores one segment into `top`. With `exhaustive`, nothing is pruned and every match is counted.
    /// Returns the number of matching documents seen (exact only when `exhaustive`).
    static func run(terms: [ResolvedTerm], segmentIndex: Int, scoring: SegmentScoring, top: inout TopK, exhaustive: Bool) throws -> Int {
        var cursors: [PostingsCursor] = []
        var weights: [Float] = []
        var slots: [Int] = []
        var bounds: [Float] = []
        // Terms may come from different fields (the text and title of plain words): each scores
        // with its own field's norms and bounds.
        var fieldScorings: [SegmentScoring] = []
        for (slot, term) in terms.enumerated() {
            guard let info = term.infos[segmentIndex] else { continue }
            let fieldScoring = scoring.field(term.field)
            cursors.append(try scoring.reader.cursor(for: info))
            weights.append(term.weight)
            slots.append(slot)
            bounds.append(fieldScoring.upperBound(weight: term.weight, info: info))
            fieldScorings.append(fieldScoring)
        }
        let norms = fieldScorings.map { $0.norms.baseAddress! }
        let n = cursors.count
        if n == 0 { return 0 }
        let order = (0..<n).sorted { bounds[$0] != bounds[$1] ? bounds[$0] < bounds[$1] : $0 < $1 }
        var prefix = [Float](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + bounds[order[i]] }
        var contributions = [Float](repeating: 0, count: terms.count)
        var matches = 0

        func essentialStart(_ threshold: Float) -> Int {
            if exhaustive { return 0 }
            var p = 0
            while p < n && prefix[p + 1] * SegmentScoring.boundSlack <= threshold { p += 1 }
            return p
        }

        // The per-document loops read cursors through unretained references (`cursors`, used after
        // the loop, keeps them alive), so they do no reference counting per step.
        let refs = cursors.map { Unmanaged.passUnretained($0) }
        var threshold = exhaustive ? -Float.infinity : top.threshold
        var first = essentialStart(threshold)
        var blockCache = [(block: Int, bound: Float)](repeating: (-1, 0), count: n)
        var checkedUntil: UInt32 = 0
        var hasChecked = false
        // The smallest current document of the essential cursors, when the scoring pass of the
        // previous document found it (nil after anything else moved cursors or changed `first`).
        var knownNext: UInt32?
        while first < n {
            var doc = PostingsCursor.noMore
            if let next = knownNext {
                doc = next
                knownNext = nil
            } else {
                for t in first..<n { doc = min(doc, refs[order[t]]._withUnsafeGuaranteedRef { $0.doc }) }
            }
            if doc == PostingsCursor.noMore { break }
            if threshold > -Float.infinity && (doc > checkedUntil || !hasChecked) {
                // The window ends where the first essential cursor's current block ends; only cursors
                // with a document inside the window can contribute to it.
                var windowEnd = PostingsCursor.noMore
                for t in first..<n { windowEnd = min(windowEnd, cursors[order[t]].blockLastDoc) }
                var bound = prefix[first]
                for t in first..<n {
                    let i = order[t]
                    let cursor = cursors[i]
                    if cursor.doc > windowEnd { continue }
                    bound += fieldScorings[i].currentBlockBound(weight: weights[i], cursor: cursor, termBound: bounds[i], cache: &blockCache[i])
                }
                if bound * SegmentScoring.boundSlack <= threshold {
                    if windowEnd == PostingsCursor.noMore { break }
                    for t in first..<n { cursors[order[t]].advance(to: windowEnd + 1) }
                    continue
                }
                checkedUntil = windowEnd
                hasChecked = true
            }
            var partial: Float = 0
            var nextDoc = PostingsCursor.noMore
            for t in first..<n {
                let i = order[t]
                let weight = weights[i]
                let fieldNorms = norms[i]
                let (matched, s, after) = refs[i]._withUnsafeGuaranteedRef { cursor -> (Bool, Float, UInt32) in
                    guard cursor.doc == doc else { return (false, 0, cursor.doc) }
                    let s = BM25.score(weight: weight, freq: cursor.freq, norm: fieldNorms[Int(doc)])
                    cursor.next()
                    return (true, s, cursor.doc)
                }
                nextDoc = min(nextDoc, after)
                if matched {
                    contributions[slots[i]] = s
                    partial += s
                }
            }
            let essentialFirst = first
            var pruned = false
            var t = first - 1
            while t >= 0 {
                if (partial + prefix[t + 1]) * SegmentScoring.boundSlack <= threshold { pruned = true; break }
                let i = order[t]
                let weight = weights[i]
                let fieldNorms = norms[i]
                let (matched, s) = refs[i]._withUnsafeGuaranteedRef { cursor -> (Bool, Float) in
                    guard cursor.advance(to: doc) == doc else { return (false, 0) }
                    return (true, BM25.score(weight: weight, freq: cursor.freq, norm: fieldNorms[Int(doc)]))
                }
                if matched {
                    contributions[slots[i]] = s
                    partial += s
                }
                t -= 1
            }
            if !pruned && !scoring.isDeleted(doc) {
                var total: Float = 0
                for slot in 0..<contributions.count { total += contributions[slot] }
                matches += 1
                if top.offer(score: total, doc: scoring.base + doc) && !exhaustive {
                    let updated = top.threshold
                    if updated > threshold {
                        threshold = updated
                        hasChecked = false
                        first = essentialStart(threshold)
                    }
                }
            }
            for slot in 0..<contributions.count { contributions[slot] = 0 }
            // Probing the non-essential cursors moved none of the essential ones.
            if first == essentialFirst { knownNext = nextDoc }
        }
        if cursors.contains(where: \.corrupt) {
            throw QuarryError.corruptIndex("\(scoring.reader.info.name).postings: a postings block failed its checks")
        }
        return matches
    }
}
