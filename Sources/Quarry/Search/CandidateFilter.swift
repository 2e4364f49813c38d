/// Keeps, of a sorted block of candidate documents, those that a term's cursor contains: the inner
/// step of block-at-a-time conjunctions.
///
/// Candidates are filtered in place (`candidates` and their `slots`, each candidate's index in the
/// lead block), and the cursor only moves forward. With a `row`, each kept candidate's frequency
/// (minus one) is written at its slot, or with `locating`, its ``locator(block:position:)`` in the
/// term's postings. `exhausted` means the cursor ran out: no later document matches.
enum CandidateFilter {
    /// How a term's documents are matched against the candidates.
    enum Method {
        /// Walk the block from the last match to each candidate: the term is about as dense as the
        /// candidates. (Without values to fetch, bitmap blocks are tested in place.)
        case scan
        /// Like `scan`, but each block holds few candidates: bitmap blocks are read in place, and
        /// only the matches' frequencies are read, one by one, rather than each block's unpacked.
        case sparseScan
        /// Seek each candidate in the rest of the block (bisecting it, or reading a bitmap block in
        /// place): the term is far denser than the candidates.
        case bisect
        /// Mark the term's documents in the window in a bitmap indexed by document (their values in
        /// a parallel table), then read the candidates' bits: no branch depends on the data.
        case scatter
    }

    /// The candidates' document range.
    struct Window {
        let first: UInt32
        let last: UInt32
        var span: Int { Int(last - first) + 1 }
    }

    /// The widest window the scatter method handles.
    static let maxScatterSpan = 1 << 16
    /// A term with this many times the lead's documents is bisected rather than scanned.
    static let bisectionRatio = 64
    /// A term in at least one document in this many has most blocks stored as bitmaps (see
    /// ``DocumentBitmap``), where a candidate is looked up in place.
    static let bitmapDensity = 10
    /// Candidates are sparse for a term with this many times their number of documents in their
    /// window: about 16 or fewer per block of the term.
    static let sparseRatio = 8

    /// Picks the cheaper method for `candidates` documents in `window`, from rough costs in cycles:
    /// a scanned probe costs about one mispredicted branch per candidate; scattering costs a couple
    /// of cycles per document of the term in the window (estimated from its density) and per
    /// candidate, plus clearing one bit per document of the window; a bitmap block costs a few bit
    /// counts per candidate to read in place, a pass per document to decode.
    static func method(termDocFreq: Int, leadDocFreq: Int, documentCount: Int, candidates: Int, window: Window) -> Method {
        if termDocFreq > bisectionRatio * leadDocFreq { return .bisect }
        let termDocuments = window.span * termDocFreq / max(1, documentCount)
        let sparse = candidates * sparseRatio <= termDocuments
        if sparse && termDocFreq >= documentCount / bitmapDensity { return .bisect }
        if window.span <= maxScatterSpan {
            if 2 * termDocuments + window.span / 32 + 2 * candidates < 20 * candidates { return .scatter }
        }
        return sparse ? .sparseScan : .scan
    }

    /// Where a document sits in a term's postings: its block, then its index in the block (7 bits).
    @inline(__always)
    static func locator(block: Int, position: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: block) << 7 | UInt32(truncatingIfNeeded: position)
    }

    /// Filters the first `count` of `buffers`' candidates (and slots) by `cursor`'s term.
    static func apply(_ method: Method, to buffers: ConjunctionBuffers, count: Int, window: Window, cursor: PostingsCursor,
                      frequenciesInto row: UnsafeMutablePointer<UInt32>?, locating: Bool = false) -> (survivors: Int, exhausted: Bool) {
        let candidates = buffers.candidates, slots = buffers.slots
        // Each (method, locating) pair spelled out, so each probe body is specialised.
        switch (method, locating) {
        case (.scan, false): return probe(candidates, slots, count: count, cursor: cursor, row: row, bisecting: false, locating: false)
        case (.scan, true): return probe(candidates, slots, count: count, cursor: cursor, row: row, bisecting: false, locating: true)
        case (.sparseScan, false):
            return probe(candidates, slots, count: count, cursor: cursor, row: row, bisecting: false, locating: false, sparse: true)
        case (.sparseScan, true):
            return probe(candidates, slots, count: count, cursor: cursor, row: row, bisecting: false, locating: true, sparse: true)
        case (.bisect, false): return probe(candidates, slots, count: count, cursor: cursor, row: row, bisecting: true, locating: false)
        case (.bisect, true): return probe(candidates, slots, count: count, cursor: cursor, row: row, bisecting: true, locating: true)
        case (.scatter, let locating):
            buffers.reserveScatter(span: window.span)
            return scatter(candidates, slots, count: count, window: window, cursor: cursor, row: row,
                           bits: buffers.scatterBits, values: buffers.scatterValues, locating: locating)
        }
    }

    /// Looks each candidate up in the cursor's current block (moving to later blocks as needed).
    @inline(__always)
    private static func probe(_ candidates: UnsafeMutablePointer<UInt32>, _ slots: UnsafeMutablePointer<UInt8>, count: Int,
                              cursor: PostingsCursor, row: UnsafeMutablePointer<UInt32>?, bisecting: Bool,
                              locating: Bool, sparse: Bool = false) -> (survivors: Int, exhausted: Bool) {
        if cursor.doc == PostingsCursor.noMore { return (0, true) }
        // Seeking goes through the cursor: bisection, or a bitmap block read in place, which a
        // scan does too when the candidates are sparse or no values are wanted. Otherwise a scan
        // walks the decoded block, with its frequencies unpacked at once unless the candidates are
        // sparse. Without values to fetch, a bitmap block is only tested bit by bit, and the
        // cursor is settled on the last candidate at the end.
        var testingBits = row == nil && cursor.blockIsUndecodedBitmap
        var seeking = bisecting || testingBits || (sparse && cursor.blockIsUndecodedBitmap)
        var docs = seeking ? nil : cursor.blockDocuments
        var frequencies = row == nil || seeking || locating || sparse ? nil : cursor.blockFrequenciesMinusOne()
        var last = cursor.blockLastDoc
        var position = cursor.positionInBlock
        var unsettled: UInt32? = nil
        var kept = 0
        for j in 0..<count {
            let candidate = candidates[j]
            if candidate > last {
                guard cursor.moveToBlock(atLeast: candidate, seeking: true) else { return (kept, true) }
                last = cursor.blockLastDoc
                position = 0
                unsettled = nil
                testingBits = row == nil && cursor.blockIsUndecodedBitmap
                seeking = bisecting || testingBits || (sparse && cursor.blockIsUndecodedBitmap)
                if !seeking {
                    docs = cursor.blockDocuments
                    if row != nil && !locating && !sparse { frequencies = cursor.blockFrequenciesMinusOne() }
                }
            }
            // The block's last document is ≥ candidate, so every lookup stops inside the block.
            let found: Bool
            if seeking {
                if testingBits {
                    found = cursor.bitmapContains(candidate)
                    unsettled = candidate
                } else {
                    found = cursor.seekInBlock(candidate)
                    position = cursor.positionInBlock
                }
            } else {
                while docs![position] < candidate { position &+= 1 }
                found = docs![position] == candidate
            }
            let slot = slots[j]
            candidates[kept] = candidate
            slots[kept] = slot
            if let row {
                if locating {
                    row[Int(slot)] = locator(block: cursor.currentBlock, position: position)
                } else if sparse {
                    // Few candidates per block: only the matches' values are ever read.
                    if found { row[Int(slot)] = cursor.frequencyMinusOne(atPosition: position) }
                } else if seeking {
                    row[Int(slot)] = cursor.frequencyMinusOne(atPosition: position)
                } else {
                    row[Int(slot)] = frequencies![position]
                }
            }
            kept &+= found ? 1 : 0
        }
        if let unsettled { _ = cursor.seekInBlock(unsettled) }
        if !seeking { cursor.move(toPositionInBlock: position) }
        return (kept, false)
    }

    /// Sets the bit of each of the term's documents in the window (bit `doc - first`) and stores its
    /// frequency minus one (or its locator) in `values`, then keeps the candidates whose bit is set.
    @inline(__always)
    private static func scatter(_ candidates: UnsafeMutablePointer<UInt32>, _ slots: UnsafeMutablePointer<UInt8>, count: Int,
                                window: Window, cursor: PostingsCursor, row: UnsafeMutablePointer<UInt32>?,
                                bits: UnsafeMutablePointer<UInt64>, values: UnsafeMutablePointer<UInt32>,
                                locating: Bool) -> (survivors: Int, exhausted: Bool) {
        if cursor.doc == PostingsCursor.noMore { return (0, true) }
        var exhausted = false
        if cursor.blockLastDoc < window.first && !cursor.moveToBlock(atLeast: window.first) { return (0, true) }
        bits.update(repeating: 0, count: (window.span + 63) / 64)
        var position = cursor.positionInBlock
        // Stops at the first document past the window. The unsigned offset also stops at one
        // before it, which only damaged (unsorted) data has, so the scratch is never overrun.
        let span = UInt32(window.span)
        while true {
            let docs = cursor.blockDocuments
            let blockCount = cursor.blockCount
            while position < blockCount && docs[position] < window.first { position &+= 1 }
            if row != nil && locating {
                let base = locator(block: cursor.currentBlock, position: 0)
                while position < blockCount {
                    let offset = docs[position] &- window.first
                    if offset >= span { break }
                    bits[Int(offset >> 6)] |= 1 &<< UInt64(offset & 63)
                    values[Int(offset)] = base | UInt32(truncatingIfNeeded: position)
                    position &+= 1
                }
            } else if row != nil {
                let frequencies = cursor.blockFrequenciesMinusOne()
                while position < blockCount {
                    let offset = docs[position] &- window.first
                    if offset >= span { break }
                    bits[Int(offset >> 6)] |= 1 &<< UInt64(offset & 63)
                    values[Int(offset)] = frequencies[position]
                    position &+= 1
                }
            } else {
                while position < blockCount {
                    let offset = docs[position] &- window.first
                    if offset >= span { break }
                    bits[Int(offset >> 6)] |= 1 &<< UInt64(offset & 63)
                    position &+= 1
                }
            }
            if position < blockCount {
                cursor.move(toPositionInBlock: position)
                break
            }
            // The block ended inside the window (or just at its end): on to the next one.
            if !cursor.moveToNextBlock() {
                exhausted = true
                break
            }
            position = 0
            if cursor.blockDocuments[0] > window.last { break }
        }
        var kept = 0
        for j in 0..<count {
            let candidate = candidates[j]
            let offset = Int(candidate &- window.first)
            let present = Int(truncatingIfNeeded: (bits[offset >> 6] &>> UInt64(offset & 63)) & 1)
            let slot = slots[j]
            candidates[kept] = candidate
            slots[kept] = slot
            kept &+= present
        }
        // Only the survivors' entries were written in this window; the others are never read.
        if let row {
            for k in 0..<kept { row[Int(slots[k])] = values[Int(candidates[k] &- window.first)] }
        }
        return (kept, exhausted)
    }
}
