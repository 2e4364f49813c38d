/// Top-k collection over a matcher tree, exact: only documents whose score bounds cannot beat the
/// current k-th score are skipped, and documents arrive in increasing id order, so one that merely
/// ties the threshold could never displace an earlier one.
///
/// A root that is a disjunction (should clauses, no required ones) runs MaxScore: clauses are ordered
/// by their bounds; the longest prefix whose bounds sum to no more than the threshold is
/// non-essential, so candidates come from the other clauses only and non-essential clauses are
/// probed, highest bound first, while they can still lift the document over the threshold. Any other
/// root stops as soon as its own bound cannot beat the threshold.
enum TreeCollector {
    static func collect(_ root: ClauseMatcher, scoring: SegmentScoring, top: inout TopK, prune: Bool) throws {
        if prune, let boolean = root as? BooleanMatcher, boolean.must.isEmpty, boolean.filter.isEmpty,
           boolean.requiredShould <= 1, boolean.should.count > 1 {
            maxScore(boolean, scoring: scoring, top: &top)
            return
        }
        let bound = root.maxScore * SegmentScoring.boundSlack
        var doc = root.doc
        while doc != PostingsCursor.noMore {
            if prune && top.isFull && bound <= top.threshold { return }
            if !scoring.isDeleted(doc) { top.offer(score: root.score(scoring), doc: scoring.base + doc) }
            doc = root.next()
        }
    }

    private static func maxScore(_ root: BooleanMatcher, scoring: SegmentScoring, top: inout TopK) {
        let clauses = root.should
        let n = clauses.count
        let bounds = clauses.map { $0.maxScore }
        let order = (0..<n).sorted { bounds[$0] != bounds[$1] ? bounds[$0] < bounds[$1] : $0 < $1 }
        var prefix = [Float](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + bounds[order[i]] }
        var contributions = [Float](repeating: 0, count: n)
        var matched = [Bool](repeating: false, count: n)
        outer: while true {
            let threshold = top.threshold
            var first = 0
            while first < n && prefix[first + 1] * SegmentScoring.boundSlack <= threshold { first += 1 }
            if first == n { return }
            var doc = PostingsCursor.noMore
            for t in first..<n { doc = min(doc, clauses[order[t]].doc) }
            if doc == PostingsCursor.noMore { return }
            for i in 0..<n { matched[i] = false }
            var partial: Float = 0
            for t in first..<n where clauses[order[t]].doc == doc {
                let c = order[t]
                contributions[c] = clauses[c].score(scoring)
                matched[c] = true
                partial += contributions[c]
            }
            var viable = true
            var i = first - 1
            while i >= 0 {
                if (partial + prefix[i + 1]) * SegmentScoring.boundSlack <= threshold {
                    viable = false
                    break
                }
                let c = order[i]
                let d = clauses[c].doc < doc ? clauses[c].advance(to: doc) : clauses[c].doc
                if d == doc {
                    contributions[c] = clauses[c].score(scoring)
                    matched[c] = true
                    partial += contributions[c]
                }
                i -= 1
            }
            if viable && !scoring.isDeleted(doc) && !isExcluded(doc, root.mustNot) {
                var total: Float = 0
                for c in 0..<n where matched[c] { total += contributions[c] }
                top.offer(score: total, doc: scoring.base + doc)
            }
            for t in first..<n where clauses[order[t]].doc == doc { clauses[order[t]].next() }
            continue outer
        }
    }

    private static func isExcluded(_ doc: UInt32, _ excluded: [ClauseMatcher]) -> Bool {
        for clause in excluded {
            let d = clause.doc < doc ? clause.advance(to: doc) : clause.doc
            if d == doc { return true }
        }
        return false
    }
}
