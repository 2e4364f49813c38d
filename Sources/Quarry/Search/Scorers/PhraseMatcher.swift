/// Terms at fixed relative positions, scored as BM25 with the phrase frequency as tf and the sum of
/// the terms' idf as idf. A term repeated in the phrase has one entry.
///
/// Candidates come a block of the rarest term at a time, filtered by the other terms with
/// ``CandidateFilter``, which records where each survivor sits in every term's postings. A second
/// cursor per term reads positions there, without searching or decoding document ids, rarest term
/// first, stopping as soon as no start position survives.
final class PhraseMatcher: SearchingMatcher {
    /// Per term: finds documents that contain every term.
    private let probes: [PostingsCursor]
    /// Per term: reads positions at the probes' locators.
    private let readers: [PostingsCursor]
    /// `readers` again, unretained, for the per-candidate loop.
    private let readerRefs: UnsafeMutablePointer<Unmanaged<PostingsCursor>>
    /// Per phrase word, rarest term first: its term index and position offset.
    private let checkCount: Int
    private let checkTerms: UnsafeMutablePointer<Int>
    private let checkOffsets: UnsafeMutablePointer<UInt32>
    /// Term indexes, rarest first.
    private let order: [Int]
    let weight: Float
    /// The phrase's field's norms.
    private let fieldScoring: SegmentScoring
    /// BM25's saturation keeps every score below the weight.
    var maxScore: Float { weight * SegmentScoring.boundSlack }
    private let documentCount: Int
    private(set) var doc: UInt32 = 0
    /// The phrase frequency in the current document.
    private(set) var phraseFreq: UInt32 = 0
    private let starts = PhraseStarts()
    /// Candidates of the current lead block, their slots, and per term the locator at each slot.
    private let buffers: ConjunctionBuffers
    private var nextCandidate = 0
    private var candidateCount = 0
    /// True once no candidates remain after the buffered ones.
    private var drained = false

    /// - Parameters:
    ///   - probes: one cursor per distinct term.
    ///   - readers: another cursor per distinct term, in the same order.
    ///   - elements: the phrase, as (term index, position offset) per word.
    ///   - documentCount: documents in the segment.
    init(probes: [PostingsCursor], readers: [PostingsCursor], elements: [(term: Int, offset: UInt32)], weight: Float, documentCount: Int,
         scoring: SegmentScoring) {
        fieldScoring = scoring
        self.probes = probes
        self.readers = readers
        self.weight = weight
        self.documentCount = documentCount
        order = (0..<probes.count).sorted { probes[$0].docFreq < probes[$1].docFreq }
        // The rarest term usually rules a document out first.
        let checks = elements.sorted { probes[$0.term].docFreq < probes[$1.term].docFreq }
        checkCount = checks.count
        buffers = ConjunctionBuffers(terms: probes.count)
        readerRefs = .allocate(capacity: readers.count)
        for (t, reader) in readers.enumerated() { (readerRefs + t).initialize(to: .passUnretained(reader)) }
        checkTerms = .allocate(capacity: checks.count)
        checkOffsets = .allocate(capacity: checks.count)
        for (c, check) in checks.enumerated() {
            checkTerms[c] = check.term
            checkOffsets[c] = check.offset
        }
        drained = probes[order[0]].doc == PostingsCursor.noMore
        findMatch(from: 0)
    }

    deinit {
        readerRefs.deallocate()
        checkTerms.deallocate()
        checkOffsets.deallocate()
    }

    var cost: Int { probes[order[0]].docFreq }
    var corrupt: Bool { probes.contains(where: \.corrupt) || readers.contains(where: \.corrupt) }

    func score(_ scoring: SegmentScoring) -> Float {
        fieldScoring.score(weight: weight, freq: phraseFreq, doc: doc)
    }

    /// Moves to the first document ≥ `target` where the phrase occurs (or `noMore`).
    func findMatch(from target: UInt32) {
        while true {
            while nextCandidate < candidateCount {
                let k = nextCandidate
                nextCandidate += 1
                let candidate = buffers.candidates[k]
                if candidate < target { continue }
                phraseFreq = countOccurrences(slot: Int(buffers.slots[k]))
                if phraseFreq > 0 {
                    doc = candidate
                    return
                }
            }
            if !refill(from: target) {
                doc = PostingsCursor.noMore
                return
            }
        }
    }

    /// Buffers the next lead block's documents ≥ `target` that contain every term. False when none are left.
    private func refill(from target: UInt32) -> Bool {
        let lead = probes[order[0]]
        while !drained {
            if lead.doc == PostingsCursor.noMore || (target > lead.blockLastDoc && !lead.moveToBlock(atLeast: target)) {
                drained = true
                return false
            }
            let count = candidatesOfLeadBlock(lead, from: target)
            if !drained && !lead.moveToNextBlock() { drained = true }
            if count > 0 {
                nextCandidate = 0
                candidateCount = count
                return true
            }
        }
        return false
    }

    /// Writes to the buffers the documents ≥ `target` of the lead's current block that every other
    /// term contains, with their locators, and returns how many. Sets `drained` if a term ran out.
    private func candidatesOfLeadBlock(_ lead: PostingsCursor, from target: UInt32) -> Int {
        let docs = lead.blockDocuments
        let blockCount = lead.blockCount
        var start = lead.positionInBlock
        while start < blockCount && docs[start] < target { start += 1 }
        var count = blockCount - start
        if count == 0 { return 0 }
        let window = CandidateFilter.Window(first: docs[start], last: docs[blockCount - 1])
        let leadLocators = buffers.row(ofTerm: order[0])
        for i in 0..<count {
            buffers.candidates[i] = docs[start + i]
            buffers.slots[i] = UInt8(truncatingIfNeeded: start + i)
            leadLocators[start + i] = CandidateFilter.locator(block: lead.currentBlock, position: start + i)
        }
        for t in order.dropFirst() where count > 0 {
            let cursor = probes[t]
            let method = CandidateFilter.method(termDocFreq: cursor.docFreq, leadDocFreq: lead.docFreq,
                                                documentCount: documentCount, candidates: count, window: window)
            let filtered = CandidateFilter.apply(method, to: buffers, count: count, window: window, cursor: cursor,
                                                 frequenciesInto: buffers.row(ofTerm: t), locating: true)
            if filtered.exhausted { drained = true }
            count = filtered.survivors
        }
        return count
    }

    /// The number of start positions where every word sits at its offset, in the candidate at `slot`.
    private func countOccurrences(slot: Int) -> UInt32 {
        var survivors = 0
        for c in 0..<checkCount {
            let term = checkTerms[c]
            let locator = buffers.row(ofTerm: term)[slot]
            // `readers` keeps every reader alive.
            survivors = readerRefs[term]._withUnsafeGuaranteedRef { reader in
                reader.moveForPositions(block: Int(locator >> 7), position: Int(locator & 127))
                if c == 0 {
                    let buffer = starts.reserve(reader.positionCapacityNeeded)
                    return reader.decodePositionStarts(offset: checkOffsets[0], into: buffer)
                }
                return reader.keepStarts(starts.reserve(0), count: survivors, offset: checkOffsets[c])
            }
            if survivors == 0 { return 0 }
        }
        return UInt32(survivors)
    }
}
