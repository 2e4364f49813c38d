/// A query node inside one segment, iterated document by document in increasing id order.
///
/// The role of Lucene's `Scorer` or Tantivy's `DocSet` + `Scorer`: iteration (`next`, `advance`,
/// `cost`), the current document's score, and `maxScore`, an upper bound of every score this matcher
/// can give in the segment, which lets top-k collection skip documents that cannot enter.
protocol ClauseMatcher: AnyObject {
    /// The current document, or `PostingsCursor.noMore`.
    var doc: UInt32 { get }
    /// Rough cost (documents it may visit), for ordering intersections.
    var cost: Int { get }
    /// True when a postings block failed its checks.
    var corrupt: Bool { get }
    /// An upper bound of `score` over the segment.
    var maxScore: Float { get }
    @discardableResult func next() -> UInt32
    @discardableResult func advance(to target: UInt32) -> UInt32
    /// The score in the current document.
    func score(_ scoring: SegmentScoring) -> Float
}

/// A matcher that moves by searching for its next match from a document on: `next` and
/// `advance(to:)` come from ``findMatch(from:)``, which sets `doc` to the first match ≥ the target
/// (or `noMore`).
protocol SearchingMatcher: ClauseMatcher {
    func findMatch(from target: UInt32)
}

extension SearchingMatcher {
    @discardableResult func next() -> UInt32 {
        guard doc != PostingsCursor.noMore else { return doc }
        findMatch(from: doc + 1)
        return doc
    }

    @discardableResult func advance(to target: UInt32) -> UInt32 {
        if target <= doc { return doc }
        findMatch(from: target)
        return doc
    }
}

/// A single term: BM25 with the term's weight (idf · (k1 + 1) · boost).
final class TermMatcher: ClauseMatcher {
    let cursor: PostingsCursor
    let weight: Float
    let maxScore: Float
    /// The term's field's norms.
    let fieldScoring: SegmentScoring

    init(cursor: PostingsCursor, weight: Float, maxScore: Float, scoring: SegmentScoring) {
        self.cursor = cursor
        self.weight = weight
        self.maxScore = maxScore
        fieldScoring = scoring
    }

    var doc: UInt32 { cursor.doc }
    var cost: Int { cursor.docFreq }
    var corrupt: Bool { cursor.corrupt }
    func next() -> UInt32 { cursor.next() }
    func advance(to target: UInt32) -> UInt32 { cursor.advance(to: target) }
    func score(_ scoring: SegmentScoring) -> Float {
        fieldScoring.score(weight: weight, freq: cursor.freq, doc: cursor.doc)
    }
}

/// Matches what its inner matcher matches, with a fixed score (prefix queries, `constantScore`).
final class ConstantMatcher: ClauseMatcher {
    let inner: ClauseMatcher
    let value: Float

    init(inner: ClauseMatcher, value: Float) {
        self.inner = inner
        self.value = value
    }

    var doc: UInt32 { inner.doc }
    var cost: Int { inner.cost }
    var corrupt: Bool { inner.corrupt }
    var maxScore: Float { value }
    func next() -> UInt32 { inner.next() }
    func advance(to target: UInt32) -> UInt32 { inner.advance(to: target) }
    func score(_ scoring: SegmentScoring) -> Float { value }
}

/// Matches no document.
final class EmptyMatcher: ClauseMatcher {
    var doc: UInt32 { PostingsCursor.noMore }
    var cost: Int { 0 }
    var corrupt: Bool { false }
    var maxScore: Float { 0 }
    func next() -> UInt32 { PostingsCursor.noMore }
    func advance(to target: UInt32) -> UInt32 { PostingsCursor.noMore }
    func score(_ scoring: SegmentScoring) -> Float { 0 }
}
