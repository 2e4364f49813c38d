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
        /// Walk the block from the last match to each candidate: the term is about as dense as the candidates.
        case scan
        /// Bisect the rest of the block for each candidate: the term is far denser than the candidates.
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
    /// Picks the cheaper method for `candidates` documents in `window`, from rough costs in cycles:
    /// a scanned probe costs about one mispredicted branch per candidate; scattering costs a couple
    /// of cycles per document of the term in the window (estimated from its density) and per
    /// candidate, plus clearing one bit per document of the window.
    static func method(termDocFreq: Int, leadDocFreq: Int, documentCount: Int, candidates: Int, window: Window) -> Method {
        if termDocFreq > bisectionRatio * leadDocFreq { return .bisect }
        if window.span <= maxScatterSpan {
            let termDocuments = window.span * termDocFreq / max(1, documentCount)
            if 2 * termDocuments + window.span / 32 + 2 * candidates < 20 * candidates { return .scatter }
        }
        return .scan
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
        switch (method, locating) {
        case (.scan, false): return probe(candidates, slots, count: count, cursor: cursor, row: row, bisecting: false, locating: false)
        case (.scan, true): return probe(candidates, slots, count: count, cursor: cursor, row: row, bisecting: false, locating: true)
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
                              locating: Bool) -> (survivors: Int, exhausted: Bool) {
        if cursor.doc == PostingsCursor.noMore { return (0, true) }
        var docs = cursor.blockDocuments
        var last = cursor.blockLastDoc
        var position = cursor.positionInBlock
        // Scanning reads most frequencies of a block, so they are unpacked at once; bisection reads a few.
        var frequencies = row == nil || bisecting || locating ? nil : cursor.blockFrequenciesMinusOne()
        var kept = 0
        for j in 0..<count {
            let candidate = candidates[j]
            if candidate > last {
                guard cursor.moveToBlock(atLeast: candidate) else { return (kept, true) }
                docs = cursor.blockDocuments
                last = cursor.blockLastDoc
                position = 0
                if row != nil && !bisecting && !locating { frequencies = cursor.blockFrequenciesMinusOne() }
            }
            // The block's last document is ≥ candidate, so both stop inside the block.
            if bisecting {
                position = lowerBound(candidate, in: docs, from: position, to: cursor.blockCount)
            } else {
                while docs[position] < candidate { position &+= 1 }
            }
            let slot = slots[j]
            candidates[kept] = candidate
            slots[kept] = slot
            if let row {
                row[Int(slot)] = locating ? locator(block: cursor.currentBlock, position: position)
                    : bisecting ? cursor.frequencyMinusOne(atPosition: position) : frequencies![position]
            }
            kept &+= docs[position] == candidate ? 1 : 0
        }
        cursor.move(toPositionInBlock: position)
        return (kept, false)
    }

    /// The first index in `from..<to` whose document is ≥ `target` (one exists), by a bisection
    /// whose steps are conditional moves rather than branches.
    @inline(__always)
    private static func lowerBound(_ target: UInt32, in docs: UnsafePointer<UInt32>, from: Int, to: Int) -> Int {
        var base = from
        var length = to - from
        while length > 1 {
            let half = length >> 1
            base = docs[base + half] < target ? base + half : base
            length -= half
        }
        return base + (docs[base] < target ? 1 : 0)
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
