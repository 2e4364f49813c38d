/// AND of terms, evaluated one block of the rarest term (the lead) at a time.
///
/// The lead's 128 decoded documents are the candidates; each other term, rarest first, filters them
/// in one forward pass over its own decoded blocks (jumping over blocks through the skip entries),
/// so a candidate is dropped by the first term that lacks it and no step branches on a match.
/// Survivors are scored in a batch, summing in query-term order.
///
/// With a full top-k heap, a lead block is skipped before any filtering when the sum of the terms'
/// block bounds over its document range cannot beat the threshold; otherwise each candidate gets a
/// bound of its own, which every filter then tightens with its term's exact frequency, dropping the
/// candidates that can no longer beat the threshold.
enum ConjunctionScorer {
    /// Visits every document of the segment that contains all `terms`. With `top`, scores them.
    /// Returns the number of matching documents.
    /// With `prune`, documents that cannot enter `top` may be skipped, so the count is only exact without it.
    static func run(terms: [ResolvedTerm], segmentIndex: Int, scoring: SegmentScoring, top: inout TopK?, prune: Bool = false) throws -> Int {
        var cursors: [PostingsCursor] = []
        var weights: [Float] = []
        var bounds: [Float] = []
        var maxFrequencies: [UInt32] = []
        for term in terms {
            guard let info = term.infos[segmentIndex] else { return 0 }
            cursors.append(try scoring.reader.cursor(for: info))
            weights.append(term.weight)
            bounds.append(scoring.upperBound(weight: term.weight, info: info))
            maxFrequencies.append(info.impacts.map(\.freq).max() ?? UInt32.max)
        }
        if cursors.isEmpty { return 0 }
        let buffers = ConjunctionBuffers(terms: cursors.count)
        let matches = filterAndScore(cursors: cursors, weights: weights, bounds: bounds, maxFrequencies: maxFrequencies,
                                     buffers: buffers, scoring: scoring, top: &top, prune: prune)
        if cursors.contains(where: \.corrupt) {
            throw QuarryError.corruptIndex("\(scoring.reader.info.name).postings: a postings block failed its checks")
        }
        return matches
    }

    /// The largest average gap between the lead's documents for which they count as dense.
    private static let denseGap = 8
    /// Candidate bounds run only while at least one candidate in this many has come out of the
    /// filters. A pass reads every candidate's norm (a cache miss apiece when they lie far apart)
    /// to save filtering and scoring work on the ones it drops; when the filters themselves drop
    /// nearly all candidates, that saving is too small (measured on splice-1m: 11% survival is
    /// about where the two costs cross).
    private static let survivalForBounds = 9

    private static func filterAndScore(cursors: [PostingsCursor], weights: [Float], bounds: [Float], maxFrequencies: [UInt32],
                                       buffers: ConjunctionBuffers, scoring: SegmentScoring, top: inout TopK?, prune: Bool) -> Int {
        // The rarest term leads. The others filter in order of documents per unit of weight: the
        // same as by rarity unless a term is repeated or boosted, whose exact frequency then
        // refines the candidates' bounds early (it moves them the most).
        let byRarity = (0..<cursors.count).sorted { cursors[$0].docFreq < cursors[$1].docFreq }
        let order = [byRarity[0]] + byRarity.dropFirst().sorted {
            Float(cursors[$0].docFreq) / weights[$0] < Float(cursors[$1].docFreq) / weights[$1]
        }
        let lead = cursors[order[0]]
        let scores = top != nil
        let candidates = buffers.candidates
        let slots = buffers.slots
        var matches = 0
        var finished = lead.doc == PostingsCursor.noMore
        var blocksUntilBoundPass = 0
        var boundPassInterval = 1
        // Candidates that entered the filters, and those that came out of them or were dropped
        // only by a refined bound (an estimate of how many the filters keep).
        var filtered = 0
        var passed = 0
        while !finished {
            let leadCount = lead.blockCount
            let leadDocs = lead.blockDocuments
            if prune, let heap = top, heap.isFull,
               windowBound(cursors: cursors, order: order, weights: weights, bounds: bounds, scoring: scoring,
                           from: leadDocs[0], through: leadDocs[leadCount - 1]) * SegmentScoring.boundSlack <= heap.threshold {
                finished = !lead.moveToNextBlock()
                continue
            }
            var survivors: Int
            // The bounds read each candidate's norm, a cache miss apiece when the lead's documents
            // lie far apart.
            let leadIsDense = Int(leadDocs[leadCount - 1] - leadDocs[0]) < denseGap * leadCount
            // A pass must drop a quarter of a dense block, half of a sparse one (its norms cost more).
            let worthwhileDrop = leadIsDense ? leadCount / 4 : leadCount / 2
            // Whether the candidates' bounds were computed for this block (then each filter refines them).
            var bounded = false
            if prune, let heap = top, heap.isFull, blocksUntilBoundPass == 0, passed * survivalForBounds >= filtered {
                bounded = true
                survivors = candidatesThatCanEnter(threshold: heap.threshold, cursors: cursors, order: order, weights: weights,
                                                   maxFrequencies: maxFrequencies, buffers: buffers, scoring: scoring)
                // A pass that drops too few costs more than it saves: back off, exponentially.
                if leadCount - survivors < worthwhileDrop {
                    boundPassInterval = min(boundPassInterval * 2, 64)
                    blocksUntilBoundPass = boundPassInterval
                } else {
                    boundPassInterval = 1
                }
            } else {
                blocksUntilBoundPass = max(0, blocksUntilBoundPass - 1)
                for i in 0..<leadCount {
                    candidates[i] = leadDocs[i]
                    slots[i] = UInt8(truncatingIfNeeded: i)
                }
                survivors = leadCount
            }
            let window = CandidateFilter.Window(first: leadDocs[0], last: leadDocs[leadCount - 1])
            filtered += survivors
            var t = 1
            while t < order.count && survivors > 0 {
                let term = order[t]
                let method = CandidateFilter.method(termDocFreq: cursors[term].docFreq, leadDocFreq: lead.docFreq,
                                                    documentCount: scoring.reader.documentCount, candidates: survivors, window: window)
                let filtered = CandidateFilter.apply(method, to: buffers, count: survivors, window: window, cursor: cursors[term],
                                                     frequenciesInto: scores ? buffers.row(ofTerm: term) : nil)
                if filtered.exhausted { finished = true }
                survivors = filtered.survivors
                if bounded && survivors > 0, let heap = top {
                    let before = survivors
                    survivors = refineBounds(term: term, other: t - 1, weight: weights[term], threshold: heap.threshold,
                                             count: survivors, buffers: buffers)
                    passed += before - survivors
                }
                t += 1
            }
            if survivors > 0 && scoring.deleted != nil {
                survivors = dropDeleted(candidates: candidates, slots: slots, count: survivors, scoring: scoring)
            }
            matches += survivors
            passed += survivors
            if scores && survivors > 0 {
                // Only the survivors' lead frequencies: read one by one when they are few.
                let leadRow = buffers.row(ofTerm: order[0])
                for k in 0..<survivors {
                    let slot = Int(slots[k])
                    leadRow[slot] = lead.frequencyMinusOne(atPosition: slot)
                }
                for k in 0..<survivors {
                    let doc = candidates[k]
                    let slot = Int(slots[k])
                    var total: Float = 0
                    for q in 0..<cursors.count {
                        total += scoring.score(weight: weights[q], freq: buffers.row(ofTerm: q)[slot] &+ 1, doc: doc)
                    }
                    top!.offer(score: total, doc: scoring.base + doc)
                }
            }
            if !finished { finished = !lead.moveToNextBlock() }
        }
        return matches
    }

    /// Removes deleted documents from the first `count` candidates (keeping order and slots);
    /// returns how many remain.
    private static func dropDeleted(candidates: UnsafeMutablePointer<UInt32>, slots: UnsafeMutablePointer<UInt8>,
                                    count: Int, scoring: SegmentScoring) -> Int {
        var kept = 0
        for k in 0..<count where !scoring.isDeleted(candidates[k]) {
            candidates[kept] = candidates[k]
            slots[kept] = slots[k]
            kept += 1
        }
        return kept
    }

    /// Writes to `buffers` the lead block's documents whose score could beat `threshold` and returns
    /// how many there are. Each document's bound is its exact lead-term score plus, per other term,
    /// the score of the largest frequency that term has in the blocks around, at this document's
    /// own length: far tighter than block bounds, which assume the shortest document of each block.
    private static func candidatesThatCanEnter(threshold: Float, cursors: [PostingsCursor], order: [Int], weights: [Float],
                                               maxFrequencies: [UInt32], buffers: ConjunctionBuffers, scoring: SegmentScoring) -> Int {
        let lead = cursors[order[0]]
        let count = lead.blockCount
        let docs = lead.blockDocuments
        let leadFrequencies = lead.blockFrequenciesMinusOne()
        let leadWeight = weights[order[0]]
        let first = docs[0], last = docs[count - 1]
        // Per other term, its weight and the largest frequency it has around this block.
        let otherCount = order.count - 1
        let otherWeights = buffers.otherWeights
        let otherFrequencies = buffers.otherFrequencies
        for o in 0..<otherCount {
            let t = order[o + 1]
            otherWeights[o] = weights[t]
            otherFrequencies[o] = Float(rangeMaxFrequency(cursor: cursors[t], termMax: maxFrequencies[t], from: first, through: last))
        }
        let candidates = buffers.candidates
        let slots = buffers.slots
        // Structure of arrays, so the arithmetic runs in vector lanes: each candidate's norm and
        // lead frequency, then the running bound.
        let norms = buffers.candidateNorms
        let bounds = buffers.candidateBounds
        for i in 0..<count {
            norms[i] = scoring.norms[Int(docs[i])]
            let frequency = Float(leadFrequencies[i] &+ 1)
            bounds[i] = leadWeight * frequency / (frequency + norms[i])
        }
        for o in 0..<otherCount {
            let weight = otherWeights[o], frequency = otherFrequencies[o]
            for i in 0..<count { bounds[i] += weight * frequency / (frequency + norms[i]) }
        }
        let bar = threshold
        var kept = 0
        for i in 0..<count {
            candidates[kept] = docs[i]
            slots[kept] = UInt8(truncatingIfNeeded: i)
            kept &+= bounds[i] * SegmentScoring.boundSlack > bar ? 1 : 0
        }
        return kept
    }

    /// After a filter by `term` (the `other`-th term after the lead) wrote its frequencies, replaces
    /// in each survivor's bound that term's largest-frequency score by its exact score, and keeps
    /// (in order) the survivors whose bound can still beat `threshold`. Returns how many remain.
    private static func refineBounds(term: Int, other: Int, weight: Float, threshold: Float, count: Int,
                                     buffers: ConjunctionBuffers) -> Int {
        let candidates = buffers.candidates, slots = buffers.slots
        let norms = buffers.candidateNorms, bounds = buffers.candidateBounds
        let row = buffers.row(ofTerm: term)
        let largest = buffers.otherFrequencies[other]
        var kept = 0
        for k in 0..<count {
            let slot = Int(slots[k])
            let norm = norms[slot]
            let frequency = Float(row[slot] &+ 1)
            let bound = bounds[slot] - weight * largest / (largest + norm) + weight * frequency / (frequency + norm)
            bounds[slot] = bound
            candidates[kept] = candidates[k]
            slots[kept] = slots[k]
            kept &+= bound * SegmentScoring.boundSlack > threshold ? 1 : 0
        }
        return kept
    }

    /// The largest frequency `cursor`'s term can have in a document of [from, through]: the largest
    /// of the covering blocks' impact pairs, or `termMax` when that takes more than a few blocks.
    private static func rangeMaxFrequency(cursor: PostingsCursor, termMax: UInt32, from: UInt32, through: UInt32) -> UInt32 {
        guard let blocks = coveringBlocks(cursor, from: from, through: through) else { return termMax }
        var best: UInt32 = 0
        for block in blocks {
            for k in 0..<PostingsFormat.impactsPerBlock { best = max(best, cursor.impact(ofBlock: block, k).freq) }
        }
        return best
    }

    /// The full blocks covering [from, through], or nil when they are more than `maxBlocksPerBound`
    /// (or the range reaches the tail): then the whole-list figure is used, without evaluating any block.
    @inline(__always)
    private static func coveringBlocks(_ cursor: PostingsCursor, from: UInt32, through: UInt32) -> ClosedRange<Int>? {
        let first = cursor.firstBlock(from: max(cursor.currentBlock, 0), atLeast: from)
        let limit = min(first + maxBlocksPerBound, cursor.fullBlocks) - 1
        if limit < first || cursor.lastDoc(ofBlock: limit) < through { return nil }
        return first...min(cursor.firstBlock(from: first, atLeast: through), limit)
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
        guard let blocks = coveringBlocks(cursor, from: from, through: through) else { return termBound }
        var best: Float = 0
        for block in blocks { best = max(best, scoring.blockUpperBound(weight: weight, cursor: cursor, block: block)) }
        return best
    }
}
