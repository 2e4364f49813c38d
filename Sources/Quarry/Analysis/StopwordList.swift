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
        return StopwordSets.english.contains(key)
    }

    /// Terms of at most 8 bytes packed into an integer (with the length, so "a" and "a\0" differ).
    @inline(__always)
    static func key(_ term: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard term.count <= 7, term.count > 0 else { return nil }
        var key = UInt64(term.count)
        for (i, byte) in term.enumerated() { key |= UInt64(byte) << (8 * UInt64(i + 1)) }
        return key
    }
}

/// The packed lists, built once.
private enum StopwordSets {
    static let english: Set<UInt64> = Set(StopwordList.english.words.map { word in
        var bytes = Array(word.utf8)
        return bytes.withUnsafeMutableBufferPointer { StopwordList.key(UnsafeBufferPointer($0))! }
    })
}
