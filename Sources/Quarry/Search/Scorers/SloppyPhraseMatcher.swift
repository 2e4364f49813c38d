/// A phrase with slop: documents holding every word, where one occurrence of each word sits within
/// `slop` positions of where the phrase puts it.
///
/// Each word's positions are shifted by its offset in the phrase; a match is a choice of one shifted
/// position per word whose largest and smallest differ by at most `slop` (the match length Lucene's
/// sloppy phrases measure). Matches are counted greedily from the left without sharing positions, and
/// the count is the phrase frequency scored by BM25 like an exact phrase.
final class SloppyPhraseMatcher: SearchingMatcher {
    private let cursors: [PostingsCursor]
    /// Per phrase word: its cursor index and offset.
    private let elements: [(term: Int, offset: UInt32)]
    private let slop: UInt32
    let weight: Float
    private(set) var doc: UInt32 = 0
    /// The phrase frequency in the current document.
    private(set) var phraseFreq: UInt32 = 0
    private var positionBuffers: [[UInt32]]
    private let order: [Int]

    private let fieldScoring: SegmentScoring

    init(cursors: [PostingsCursor], elements: [(term: Int, offset: UInt32)], slop: Int, weight: Float, scoring: SegmentScoring) {
        fieldScoring = scoring
        self.cursors = cursors
        self.elements = elements
        self.slop = UInt32(clamping: slop)
        self.weight = weight
        positionBuffers = Array(repeating: [], count: cursors.count)
        order = (0..<cursors.count).sorted { cursors[$0].docFreq < cursors[$1].docFreq }
        findMatch(from: 0)
    }

    var cost: Int { cursors[order[0]].docFreq }
    var corrupt: Bool { cursors.contains(where: \.corrupt) }
    var maxScore: Float { weight * SegmentScoring.boundSlack }

    func score(_ scoring: SegmentScoring) -> Float {
        fieldScoring.score(weight: weight, freq: phraseFreq, doc: doc)
    }

    func findMatch(from start: UInt32) {
        let lead = cursors[order[0]]
        var candidate = lead.doc < start ? lead.advance(to: start) : lead.doc
        while candidate != PostingsCursor.noMore {
            var t = 1
            var agreed = true
            while t < order.count {
                let c = cursors[order[t]]
                let found = c.doc < candidate ? c.advance(to: candidate) : c.doc
                if found != candidate {
                    candidate = found == PostingsCursor.noMore ? found : lead.advance(to: found)
                    agreed = false
                    break
                }
                t += 1
            }
            if !agreed { continue }
            phraseFreq = countMatches()
            if phraseFreq > 0 {
                doc = candidate
                return
            }
            candidate = lead.next()
        }
        doc = PostingsCursor.noMore
    }

    /// Greedy left-to-right count of non-overlapping windows of span ≤ slop holding every word.
    private func countMatches() -> UInt32 {
        for t in 0..<cursors.count { _ = cursors[t].positions(into: &positionBuffers[t]) }
        let counts = (0..<cursors.count).map { Int(cursors[$0].freq) }
        return Self.countWindows(positions: positionBuffers, counts: counts, elements: elements, slop: slop)
    }

    /// The phrase frequency with slop: per term its ascending positions (the first `counts[t]` of
    /// `positions[t]`), per phrase word its term and offset. Greedy left-to-right count of
    /// non-overlapping windows of span ≤ `slop` holding every word, no position used twice.
    static func countWindows(positions positionBuffers: [[UInt32]], counts: [Int], elements: [(term: Int, offset: UInt32)],
                             slop: UInt32) -> UInt32 {
        // Per element: index into its term's positions; shifted value = position + (maxOffset − offset)
        // keeps every value non-negative.
        let maxOffset = elements.map(\.offset).max() ?? 0
        var index = [Int](repeating: 0, count: elements.count)
        var used = Set<UInt32>()
        var matches: UInt32 = 0
        func value(_ e: Int) -> UInt32? {
            let term = elements[e].term
            guard index[e] < min(counts[term], positionBuffers[term].count) else { return nil }
            return positionBuffers[term][index[e]] &+ (maxOffset - elements[e].offset)
        }
        while true {
            var low = UInt32.max, high: UInt32 = 0, lowElement = 0
            for e in 0..<elements.count {
                guard let v = value(e) else { return matches }
                if v < low { low = v; lowElement = e }
                high = max(high, v)
            }
            // The positions are gathered only for a window narrow enough (most are not).
            var distinct = high - low <= slop
            var actual = Set<UInt32>()
            for e in 0..<elements.count where distinct {
                let p = positionBuffers[elements[e].term][index[e]]
                if !actual.insert(p).inserted || used.contains(p) { distinct = false }
            }
            if distinct {
                matches += 1
                used.formUnion(actual)
                for e in 0..<elements.count { index[e] += 1 }
            } else {
                index[lowElement] += 1
            }
        }
    }
}
