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

/// Terms at fixed relative positions. Intersects the terms' documents first and reads positions only
/// for documents that contain all of them. Scored as BM25 with the phrase frequency as tf and the sum
/// of the terms' idf as idf.
final class PhraseMatcher: ClauseMatcher {
    private let cursors: [PostingsCursor]
    private let offsets: [UInt32]
    private let order: [Int]
    let weight: Float
    private(set) var doc: UInt32 = 0
    private var phraseFreq: UInt32 = 0
    private var positions: [[UInt32]]
    private var counts: [Int]

    init(cursors: [PostingsCursor], offsets: [UInt32], weight: Float) {
        self.cursors = cursors
        self.offsets = offsets
        self.weight = weight
        order = (0..<cursors.count).sorted { cursors[$0].docFreq < cursors[$1].docFreq }
        positions = Array(repeating: [UInt32](repeating: 0, count: 16), count: cursors.count)
        counts = Array(repeating: 0, count: cursors.count)
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

    /// The number of start positions where every term sits at its offset.
    private func countOccurrences() -> UInt32 {
        for i in 0..<cursors.count {
            counts[i] = cursors[i].positions(into: &positions[i])
        }
        var occurrences: UInt32 = 0
        var pointers = [Int](repeating: 0, count: cursors.count)
        for p in 0..<counts[0] {
            let first = positions[0][p]
            guard first >= offsets[0] else { continue }
            let start = first - offsets[0]
            var all = true
            for i in 1..<cursors.count {
                let wanted = start + offsets[i]
                var k = pointers[i]
                while k < counts[i] && positions[i][k] < wanted { k += 1 }
                pointers[i] = k
                if k >= counts[i] || positions[i][k] != wanted { all = false; break }
            }
            if all { occurrences += 1 }
        }
        return occurrences
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
