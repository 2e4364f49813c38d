/// What the term dictionary records about one (field, term) in one segment.
struct TermInfo: Equatable, Sendable {
    /// Documents that contain the term.
    var docFreq: Int
    /// Occurrences of the term over all documents.
    var totalFreq: UInt64
    /// Byte offset of the term's postings (skip entries first) in the postings file.
    var postingsOffset: Int
    /// Byte offset of the term's first position in the positions file.
    var positionsOffset: Int
    /// The term's (tf, length) Pareto frontier, for score upper bounds.
    var impacts: [Impacts.Pair]
}
