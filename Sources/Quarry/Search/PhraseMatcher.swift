/// Terms at fixed relative positions. Intersects the terms' documents first and reads positions only
/// for documents that contain all of them, starting with the rarest term and stopping as soon as no
/// start position survives. Scored as BM25 with the phrase frequency as tf and the sum of the terms'
/// idf as idf. A term repeated in the phrase has one cursor.
final class PhraseMatcher: ClauseMatcher {
    /// One cursor per distinct term.
    private let cursors: [PostingsCursor]
    /// Per phrase word, rarest term first: its cursor index and position offset.
    private let checks: [(term: Int, offset: UInt32)]
    private let order: [Int]
    let weight: Float
    private(set) var doc: UInt32 = 0
    private var phraseFreq: UInt32 = 0
    private let scratch: PhraseScratch

    /// - Parameters:
    ///   - cursors: one cursor per distinct term.
    ///   - elements: the phrase, as (cursor index, position offset) per word.
    init(cursors: [PostingsCursor], elements: [(term: Int, offset: UInt32)], weight: Float) {
        self.cursors = cursors
        self.weight = weight
        order = (0..<cursors.count).sorted { cursors[$0].docFreq < cursors[$1].docFreq }
        // The rarest term usually rules a document out first.
        checks = elements.sorted { cursors[$0.term].docFreq < cursors[$1.term].docFreq }
        scratch = PhraseScratch(terms: cursors.count)
        doc = cursors[order[0]].doc
        settle()
    }

    var cost: Int { cursors[order[0]].docFreq }
    var corrupt: Bool { cursors.contains(where: \.corrupt) }

    func next() -> UInt32 {
        guard doc != PostingsCursor.noMore else { return doc }
        doc = cursors[order[0]].next()
        settle()
        return doc
    }

    func advance(to target: UInt32) -> UInt32 {
        if target <= doc { return doc }
        doc = cursors[order[0]].advance(to: target)
        settle()
        return doc
    }

    func score(_ scoring: SegmentScoring) -> Float {
        scoring.score(weight: weight, freq: phraseFreq, doc: doc)
    }

    /// From `doc` (the lead's document) on, finds the first document where the phrase occurs.
    private func settle() {
        let lead = cursors[order[0]]
        while doc != PostingsCursor.noMore {
            var t = 1
            var aligned = true
            while t < order.count {
                let found = cursors[order[t]].advance(to: doc)
                if found != doc {
                    doc = lead.advance(to: found)
                    aligned = false
                    break
                }
                t += 1
            }
            if !aligned { continue }
            phraseFreq = countOccurrences()
            if phraseFreq > 0 { return }
            doc = lead.next()
        }
    }

    /// The number of start positions where every word sits at its offset.
    private func countOccurrences() -> UInt32 {
        scratch.startDocument()
        let first = checks[0]
        let firstPositions = scratch.positions(of: first.term, cursor: cursors[first.term])
        var survivors = scratch.filterFirst(firstPositions, offset: first.offset)
        var c = 1
        while c < checks.count && survivors > 0 {
            let check = checks[c]
            let positions = scratch.positions(of: check.term, cursor: cursors[check.term])
            survivors = scratch.filter(survivors, against: positions, offset: check.offset)
            c += 1
        }
        return UInt32(survivors)
    }
}
