/// AND of terms, evaluated one block of the rarest term (the lead) at a time.
///
/// The lead's 128 decoded documents are the candidates; each other term, rarest first, filters them
/// in one forward pass over its own decoded blocks (jumping over blocks through the skip entries),
/// so a candidate is dropped by the first term that lacks it and no step branches on a match.
/// Survivors are scored in a batch, summing in query-term order.
///
/// With a full top-k heap, a lead block is skipped before any filtering when the sum of the terms'
/// block bounds over its document range cannot beat the threshold.
enum ConjunctionScorer {
    /// Visits every document of the segment that contains all `terms`. With `top`, scores them.
    /// Returns the number of matching documents.
    /// With `prune`, documents that cannot enter `top` may be skipped, so the count is only exact without it.
    static func run(terms: [ResolvedTerm], segmentIndex: Int, scoring: SegmentScoring, top: inout TopK?, prune: Bool = false) throws -> Int {
        var cursors: [PostingsCursor] = []
        var weights: [Float] = []
        var bounds: [Float] = []
        for term in terms {
            guard let info = term.infos[segmentIndex] else { return 0 }
            cursors.append(try scoring.reader.cursor(for: info))
            weights.append(term.weight)
            bounds.append(scoring.upperBound(weight: term.weight, info: info))
        }
        if cursors.isEmpty { return 0 }
        let buffers = ConjunctionBuffers(terms: cursors.count)
        let matches = filterAndScore(cursors: cursors, weights: weights, bounds: bounds, buffers: buffers,
                                     scoring: scoring, top: &top, prune: prune)
        if cursors.contains(where: \.corrupt) {
            throw QuarryError.corruptIndex("\(scoring.reader.info.name).postings: a postings block failed its checks")
        }
        return matches
    }

    private static func filterAndScore(cursors: [PostingsCursor], weights: [Float], bounds: [Float], buffers: ConjunctionBuffers,
                                       scoring: SegmentScoring, top: inout TopK?, prune: Bool) -> Int {
        let order = (0..<cursors.count).sorted { cursors[$0].docFreq < cursors[$1].docFreq }
        let lead = cursors[order[0]]
        let scores = top != nil
        let candidates = buffers.candidates
        let slots = buffers.slots
        var matches = 0
        var finished = lead.doc == PostingsCursor.noMore
        while !finished {
            let leadCount = lead.blockCount
            let leadDocs = lead.blockDocuments
            if prune, let heap = top, heap.isFull,
               windowBound(cursors: cursors, order: order, weights: weights, bounds: bounds, scoring: scoring,
                           from: leadDocs[0], through: leadDocs[leadCount - 1]) * SegmentScoring.boundSlack <= heap.threshold {
                finished = !lead.moveToNextBlock()
                continue
            }
            for i in 0..<leadCount {
                candidates[i] = leadDocs[i]
                slots[i] = UInt8(truncatingIfNeeded: i)
            }
            var survivors = leadCount
            var t = 1
            while t < order.count && survivors > 0 {
                let term = order[t]
                let row = scores ? buffers.frequencies(ofTerm: term) : nil
                let filtered = filter(candidates, slots, count: survivors, by: cursors[term], frequenciesInto: row)
                if filtered.exhausted { finished = true }
                survivors = filtered.survivors
                t += 1
            }
            matches += survivors
            if scores && survivors > 0 {
                let leadRow = buffers.frequencies(ofTerm: order[0])
                leadRow.update(from: lead.blockFrequenciesMinusOne(), count: leadCount)
                for k in 0..<survivors {
                    let doc = candidates[k]
                    let slot = Int(slots[k])
                    var total: Float = 0
                    for q in 0..<cursors.count {
                        total += scoring.score(weight: weights[q], freq: buffers.frequencies(ofTerm: q)[slot] &+ 1, doc: doc)
                    }
                    top!.offer(score: total, doc: scoring.base + doc)
                }
            }
            if !finished { finished = !lead.moveToNextBlock() }
        }
        return matches
    }

    /// Keeps the candidates that `cursor` contains, in place, moving it forward; records each kept
    /// candidate's frequency (minus one) at its slot in `row`. `exhausted` when the cursor ran out,
    /// so no later document can match.
    @inline(__always)
    private static func filter(_ candidates: UnsafeMutablePointer<UInt32>, _ slots: UnsafeMutablePointer<UInt8>, count: Int,
                               by cursor: PostingsCursor, frequenciesInto row: UnsafeMutablePointer<UInt32>?) -> (survivors: Int, exhausted: Bool) {
        if cursor.doc == PostingsCursor.noMore { return (0, true) }
        var docs = cursor.blockDocuments
        var last = cursor.blockLastDoc
        var position = cursor.positionInBlock
        var frequencies = row == nil ? nil : cursor.blockFrequenciesMinusOne()
        var kept = 0
        for j in 0..<count {
            let candidate = candidates[j]
            if candidate > last {
                guard cursor.moveToBlock(atLeast: candidate) else { return (kept, true) }
                docs = cursor.blockDocuments
                last = cursor.blockLastDoc
                position = 0
                if row != nil { frequencies = cursor.blockFrequenciesMinusOne() }
            }
            // The block's last document is ≥ candidate, so this stops inside the block.
            while docs[position] < candidate { position &+= 1 }
            let slot = slots[j]
            candidates[kept] = candidate
            slots[kept] = slot
            if let row, let frequencies { row[Int(slot)] = frequencies[position] }
            kept &+= docs[position] == candidate ? 1 : 0
        }
        cursor.move(toPositionInBlock: position)
        return (kept, false)
    }

    /// An upper bound of any document's score in [from, through]: each term's largest block bound
    /// over the blocks covering the range (its whole-list bound when that takes more than a few blocks).
    private static func windowBound(cursors: [PostingsCursor], order: [Int], weights: [Float], bounds: [Float],
                                    scoring: SegmentScoring, from: UInt32, through: UInt32) -> Float {
        var total: Float = 0
        for q in 0..<cursors.count {
            total += rangeBound(cursor: cursors[q], weight: weights[q], termBound: bounds[q], scoring: scoring, from: from, through: through)
        }
        return total
    }

    private static let maxBlocksPerBound = 8

    private static func rangeBound(cursor: PostingsCursor, weight: Float, termBound: Float, scoring: SegmentScoring,
                                   from: UInt32, through: UInt32) -> Float {
        var block = cursor.firstBlock(from: max(cursor.currentBlock, 0), atLeast: from)
        var best: Float = 0
        var visited = 0
        while block < cursor.fullBlocks && visited < maxBlocksPerBound {
            best = max(best, scoring.blockUpperBound(weight: weight, cursor: cursor, block: block))
            if cursor.lastDoc(ofBlock: block) >= through { return best }
            block += 1
            visited += 1
        }
        return termBound
    }
}

/// The per-query scratch space of ``ConjunctionScorer``: one block of candidates, their slots in
/// the lead block, and one row of frequencies per term. Allocated once per segment and query.
final class ConjunctionBuffers {
    let candidates: UnsafeMutablePointer<UInt32>
    let slots: UnsafeMutablePointer<UInt8>
    private let rows: UnsafeMutablePointer<UInt32>

    init(terms: Int) {
        candidates = .allocate(capacity: PostingsFormat.blockSize)
        slots = .allocate(capacity: PostingsFormat.blockSize)
        rows = .allocate(capacity: PostingsFormat.blockSize * terms)
    }

    deinit {
        candidates.deallocate()
        slots.deallocate()
        rows.deallocate()
    }

    /// Term `term`'s frequencies (minus one), indexed by slot in the lead block.
    @inline(__always)
    func frequencies(ofTerm term: Int) -> UnsafeMutablePointer<UInt32> {
        rows + term * PostingsFormat.blockSize
    }
}
