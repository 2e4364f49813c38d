/// A set of a segment's documents as a bitmap (one bit per document).
final class DocumentSet {
    private(set) var words: [UInt64]
    let count: Int

    init(count: Int) {
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// Adds `doc`; ids at or beyond `count` are ignored.
    func insert(_ doc: UInt32) {
        let d = Int(doc)
        guard d < count else { return }
        words[d >> 6] |= 1 << UInt64(d & 63)
    }

    /// The first member ≥ `from`, or `PostingsCursor.noMore`.
    func first(from: Int) -> UInt32 {
        guard from < count else { return PostingsCursor.noMore }
        var w = from >> 6
        var bits = words[w] & (~0 << UInt64(from & 63))
        while bits == 0 {
            w += 1
            if w >= words.count { return PostingsCursor.noMore }
            bits = words[w]
        }
        return UInt32(w << 6 + bits.trailingZeroBitCount)
    }
}

/// Iterates a ``DocumentSet`` (prefix expansions); scores 0 (wrapped in a constant scorer).
final class DocumentSetMatcher: ClauseMatcher {
    private let members: DocumentSet
    private(set) var doc: UInt32

    init(_ set: DocumentSet) {
        self.members = set
        doc = members.first(from: 0)
    }

    var cost: Int { members.count }
    var corrupt: Bool { false }
    var maxScore: Float { 0 }
    func next() -> UInt32 {
        guard doc != PostingsCursor.noMore else { return doc }
        doc = members.first(from: Int(doc) + 1)
        return doc
    }
    func advance(to target: UInt32) -> UInt32 {
        if target > doc { doc = members.first(from: Int(target)) }
        return doc
    }
    func score(_ scoring: SegmentScoring) -> Float { 0 }
}
