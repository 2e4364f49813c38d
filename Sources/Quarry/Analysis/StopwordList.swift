/// Stopword lists an analyzer can remove. Removed words still use a position, so phrases keep their gaps.
public enum StopwordList: String, Sendable, Hashable, CaseIterable {
    /// The 33 English stopwords of Lucene's English analyzer
    /// (a, an, and, are, as, at, be, but, by, for, if, in, into, is, it, no, not, of, on, or, such,
    /// that, the, their, then, there, these, they, this, to, was, will, with).
    case english

    /// The words of the list, lowercase.
    public var words: [String] {
        switch self {
        case .english:
            ["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
             "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
             "they", "this", "to", "was", "will", "with"]
        }
    }

    /// Whether a term (normalized UTF-8 bytes) is on the list.
    @inline(__always)
    func contains(_ term: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let key = Self.key(term) else { return false }
        return StopwordTable.english.contains(key)
    }

    /// A term of 1–7 bytes packed into an integer: the length in the low byte, then the bytes.
    @inline(__always)
    static func key(_ term: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard term.count <= 7, term.count > 0 else { return nil }
        var key = UInt64(term.count)
        var i = 0
        while i < term.count {
            key |= UInt64(term[i]) << (8 &* UInt64(i &+ 1))
            i &+= 1
        }
        return key
    }
}

/// A small open-addressing set of packed keys: a multiply, a shift and usually one comparison per lookup.
struct StopwordTable: Sendable {
    static let english = StopwordTable(StopwordList.english.words)

    private static let bits: UInt64 = 7
    private var slots: [UInt64]

    init(_ words: [String]) {
        slots = [UInt64](repeating: 0, count: 1 << Self.bits)
        for word in words {
            var bytes = Array(word.utf8)
            let key = bytes.withUnsafeMutableBufferPointer { StopwordList.key(UnsafeBufferPointer($0))! }
            var slot = Self.slot(key)
            while slots[slot] != 0 { slot = (slot &+ 1) & (slots.count &- 1) }
            slots[slot] = key
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 &- bits))
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        slots.withUnsafeBufferPointer { table in
            var slot = Self.slot(key)
            while true {
                let value = table[slot]
                if value == key { return true }
                if value == 0 { return false }
                slot = (slot &+ 1) & (table.count &- 1)
            }
        }
    }
}
