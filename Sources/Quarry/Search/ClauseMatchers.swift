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
