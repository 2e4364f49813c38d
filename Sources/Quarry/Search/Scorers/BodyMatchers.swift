/// A body word (`body:word`): BM25 with the body frequency and the body length (see ``BodyField``).
final class BodyTermMatcher: ClauseMatcher {
    let postings: BodyPostings
    let weight: Float
    let maxScore: Float
    private let body: BodyScoring

    init(postings: BodyPostings, weight: Float, body: BodyScoring) {
        self.postings = postings
        self.weight = weight
        self.body = body
        maxScore = body.upperBound(weight: weight, maxFreq: postings.maxTextFreq)
    }

    var doc: UInt32 { postings.doc }
    var cost: Int { postings.cost }
    var corrupt: Bool { postings.corrupt }
    func next() -> UInt32 { postings.next() }
    func advance(to target: UInt32) -> UInt32 { postings.advance(to: target) }
    func score(_ scoring: SegmentScoring) -> Float {
        body.score(weight: weight, freq: postings.freq, doc: postings.doc)
    }
}

/// A phrase in the body (`body:"a b"`, with or without slop): the words' body positions, counted
/// as ``PhraseMatcher`` (exact) or ``SloppyPhraseMatcher`` (slop) count them, scored by BM25 with
/// the body length.
final class BodyPhraseMatcher: SearchingMatcher {
    private let words: [BodyPostings]
    /// Per phrase word: its index in `words` and its offset.
    private let elements: [(term: Int, offset: UInt32)]
    private let slop: Int
    let weight: Float
    private let body: BodyScoring
    private let order: [Int]
    private(set) var doc: UInt32 = 0
    /// The phrase frequency in the current document.
    private(set) var phraseFreq: UInt32 = 0

    init(words: [BodyPostings], elements: [(term: Int, offset: UInt32)], slop: Int, weight: Float, body: BodyScoring) {
        self.words = words
        self.elements = elements
        self.slop = slop
        self.weight = weight
        self.body = body
        order = words.indices.sorted { words[$0].cost < words[$1].cost }
        findMatch(from: 0)
    }

    var cost: Int { words[order[0]].cost }
    var corrupt: Bool { words.contains(where: \.corrupt) }
    /// BM25's saturation keeps every score below the weight.
    var maxScore: Float { weight * SegmentScoring.boundSlack }

    func score(_ scoring: SegmentScoring) -> Float {
        body.score(weight: weight, freq: phraseFreq, doc: doc)
    }

    func findMatch(from start: UInt32) {
        let lead = words[order[0]]
        var candidate = lead.advance(to: start)
        while candidate != PostingsCursor.noMore {
            var agreed = true
            for t in order.dropFirst() {
                let found = words[t].advance(to: candidate)
                if found != candidate {
                    candidate = found == PostingsCursor.noMore ? found : lead.advance(to: found)
                    agreed = false
                    break
                }
            }
            if !agreed { continue }
            phraseFreq = countOccurrences()
            if phraseFreq > 0 {
                doc = candidate
                return
            }
            candidate = lead.next()
        }
        doc = PostingsCursor.noMore
    }

    private func countOccurrences() -> UInt32 {
        let positions = words.map { Array($0.positions()) }
        if slop > 0 {
            return SloppyPhraseMatcher.countWindows(positions: positions, counts: positions.map(\.count), elements: elements,
                                                    slop: UInt32(clamping: slop))
        }
        // Exact: start positions where every word sits at its offset.
        let sets = positions.map(Set.init)
        let first = elements[0]
        var count: UInt32 = 0
        for p in positions[first.term] where p >= first.offset {
            let start = p - first.offset
            if elements.allSatisfy({ sets[$0.term].contains(start &+ $0.offset) }) { count += 1 }
        }
        return count
    }
}
