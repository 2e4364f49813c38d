/// A clause of a query inside one segment, iterated document by document.
/// Used for queries that contain phrases; pure term queries take the faster dedicated scorers.
protocol ClauseMatcher: AnyObject {
    /// The current document, or `PostingsCursor.noMore`.
    var doc: UInt32 { get }
    /// Rough cost, for ordering intersections.
    var cost: Int { get }
    var corrupt: Bool { get }
    @discardableResult func next() -> UInt32
    @discardableResult func advance(to target: UInt32) -> UInt32
    /// The clause's score in the current document.
    func score(_ scoring: SegmentScoring) -> Float
}

/// A single term.
final class TermMatcher: ClauseMatcher {
    let cursor: PostingsCursor
    let weight: Float

    init(cursor: PostingsCursor, weight: Float) {
        self.cursor = cursor
        self.weight = weight
    }

    var doc: UInt32 { cursor.doc }
    var cost: Int { cursor.docFreq }
    var corrupt: Bool { cursor.corrupt }
    func next() -> UInt32 { cursor.next() }
    func advance(to target: UInt32) -> UInt32 { cursor.advance(to: target) }
    func score(_ scoring: SegmentScoring) -> Float {
        scoring.score(weight: weight, freq: cursor.freq, doc: cursor.doc)
    }
}

/// Exhaustive evaluation over clause matchers: OR sums the matching clauses, AND needs all.
enum ClauseScorer {
    /// Scores one segment's matches into `top` (when given) and returns how many documents matched.
    static func run(matchers: [ClauseMatcher?], mode: Query.Mode, scoring: SegmentScoring, top: inout TopK?) throws -> Int {
        var matches = 0
        switch mode {
        case .all:
            guard !matchers.contains(where: { $0 == nil }), !matchers.isEmpty else { return 0 }
            let clauses = matchers.map { $0! }
            let order = (0..<clauses.count).sorted { clauses[$0].cost < clauses[$1].cost }
            let lead = clauses[order[0]]
            var doc = lead.doc
            outer: while doc != PostingsCursor.noMore {
                var t = 1
                while t < order.count {
                    let found = clauses[order[t]].advance(to: doc)
                    if found != doc {
                        doc = lead.advance(to: found)
                        if doc == PostingsCursor.noMore { break outer }
                        t = 1
                        continue
                    }
                    t += 1
                }
                matches += 1
                if top != nil {
                    var total: Float = 0
                    for clause in clauses { total += clause.score(scoring) }
                    top!.offer(score: total, doc: scoring.base + doc)
                }
                doc = lead.next()
            }
            if clauses.contains(where: \.corrupt) { throw corruption(scoring) }
        case .any:
            let clauses = matchers.compactMap { $0 }
            while true {
                var doc = PostingsCursor.noMore
                for clause in clauses { doc = min(doc, clause.doc) }
                if doc == PostingsCursor.noMore { break }
                var total: Float = 0
                for matcher in matchers {
                    guard let clause = matcher else { continue }
                    if clause.doc == doc {
                        total += clause.score(scoring)
                        clause.next()
                    } else {
                        total += 0
                    }
                }
                matches += 1
                top?.offer(score: total, doc: scoring.base + doc)
            }
            if clauses.contains(where: \.corrupt) { throw corruption(scoring) }
        }
        return matches
    }

    private static func corruption(_ scoring: SegmentScoring) -> QuarryError {
        .corruptIndex("\(scoring.reader.info.name).postings: a postings block failed its checks")
    }
}
