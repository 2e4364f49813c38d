/// A boolean node in one segment: required clauses (must, scored; filter, not scored) intersected by
/// leapfrogging, optional `should` clauses counted and summed, excluded clauses skipped.
///
/// Without required clauses the should clauses drive (a disjunction). A document's score is the sum,
/// in clause order, of its must and matching should scores, so any evaluation order gives the same
/// float.
final class BooleanMatcher: SearchingMatcher {
    let must: [ClauseMatcher]
    let filter: [ClauseMatcher]
    let should: [ClauseMatcher]
    let mustNot: [ClauseMatcher]
    let requiredShould: Int
    private let required: [ClauseMatcher]
    private(set) var doc: UInt32 = 0
    private var currentScore: Float = 0
    private var scored = false
    private var scoring: SegmentScoring?

    init(must: [ClauseMatcher], filter: [ClauseMatcher], should: [ClauseMatcher], mustNot: [ClauseMatcher], requiredShould: Int) {
        self.must = must
        self.filter = filter
        self.should = should
        self.mustNot = mustNot
        self.requiredShould = requiredShould
        required = (must + filter).sorted { $0.cost < $1.cost }
        if required.isEmpty && should.isEmpty || requiredShould > should.count {
            doc = PostingsCursor.noMore
        } else {
            doc = 0
            findMatch(from: 0)
        }
    }

    var cost: Int { required.isEmpty ? should.reduce(0) { $0 + $1.cost } : required[0].cost }
    var corrupt: Bool { (required + should + mustNot).contains(where: \.corrupt) }
    var maxScore: Float { (must + should).reduce(0) { $0 + $1.maxScore } }

    func score(_ scoring: SegmentScoring) -> Float {
        var total: Float = 0
        for clause in must { total += clause.score(scoring) }
        for clause in should where clause.doc == doc { total += clause.score(scoring) }
        return total
    }

    /// Moves to the first document ≥ `target` that matches.
    func findMatch(from start: UInt32) {
        var target = start
        while true {
            guard let candidate = nextCandidate(from: target) else {
                doc = PostingsCursor.noMore
                return
            }
            if accepts(candidate) {
                doc = candidate
                return
            }
            if candidate == PostingsCursor.noMore - 1 { doc = PostingsCursor.noMore; return }
            target = candidate + 1
        }
    }

    /// The next document ≥ `target` that every required clause (or, with none, some should clause) matches.
    private func nextCandidate(from target: UInt32) -> UInt32? {
        if required.isEmpty {
            var best = PostingsCursor.noMore
            for clause in should {
                let d = clause.doc < target ? clause.advance(to: target) : clause.doc
                best = min(best, d)
            }
            return best == PostingsCursor.noMore ? nil : best
        }
        var candidate = required[0].doc < target ? required[0].advance(to: target) : required[0].doc
        var t = 1
        while candidate != PostingsCursor.noMore && t < required.count {
            let found = required[t].doc < candidate ? required[t].advance(to: candidate) : required[t].doc
            if found != candidate {
                if found == PostingsCursor.noMore { return nil }
                candidate = required[0].advance(to: found)
                t = 1
                continue
            }
            t += 1
        }
        return candidate == PostingsCursor.noMore ? nil : candidate
    }

    /// Checks exclusions and the should count at a candidate every required clause matches.
    private func accepts(_ candidate: UInt32) -> Bool {
        for clause in mustNot {
            let d = clause.doc < candidate ? clause.advance(to: candidate) : clause.doc
            if d == candidate { return false }
        }
        if requiredShould == 0 && required.count > 0 {
            // Position the should clauses for scoring.
            for clause in should where clause.doc < candidate { clause.advance(to: candidate) }
            return true
        }
        var matched = 0
        for clause in should {
            let d = clause.doc < candidate ? clause.advance(to: candidate) : clause.doc
            if d == candidate { matched += 1 }
        }
        return matched >= requiredShould
    }
}
