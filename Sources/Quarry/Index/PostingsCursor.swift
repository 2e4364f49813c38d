/// Iterates one term's postings in one segment, decoding a block of 128 documents at a time.
///
/// `doc` is the current document (``PostingsCursor/noMore`` when exhausted). `advance(to:)` uses the
/// skip entries to jump over whole blocks without decoding them. Frequencies and positions are decoded
/// only when asked for. A block that fails its consistency checks (widths, bounds, last document id)
/// marks the cursor `corrupt` and ends it; the searcher turns that into an error.
final class PostingsCursor {
    static let noMore = UInt32.max

    private let base: UnsafePointer<UInt8>
    private let dataEnd: Int
    private let skipOffset: Int
    private let impactsOffset: Int
    private let positionsEntriesOffset: Int
    private let blocksOffset: Int
    let docFreq: Int
    let fullBlocks: Int
    private let tailCount: Int
    private let documentCount: UInt32
    private let positionsBase: UnsafePointer<UInt8>
    private let positionsEnd: Int
    private let termPositionsOffset: Int

    /// The current document, or `noMore`.
    private(set) var doc: UInt32 = 0
    private(set) var corrupt = false
    private var blockIndex = -1
    private var blockLength = 0
    private var index = -1
    private(set) var blockLastDoc: UInt32 = 0
    private let docs: UnsafeMutablePointer<UInt32>
    private let freqs: UnsafeMutablePointer<UInt32>
    private var freqsReady = false
    private var singleFrequencyReads = 0
    private var freqDataOffset = 0
    private var freqWidth = 0
    private var positionCursorIndex = 0
    private var positionCursorOffset = 0
    private var positionCursorValid = false
    /// Where the current block's bitmap starts when its documents are not decoded yet, else -1.
    private var pendingBitmap = -1
    private var bitmapWordCount = 0
    private var bitmapPrevious: UInt32 = 0
    /// The bitmap's set bits before word `rankWord`, carried forward between seeks.
    private var rankWord = 0
    private var rankBefore = 0

    /// - Parameters:
    ///   - postings: the whole postings file (header and footer included); offsets in `info` are into it.
    ///   - positions: the whole positions file.
    ///   - documentCount: documents in the segment; decoded ids must be below it.
    init(postings file: UnsafeRawBufferPointer, positions positionsFile: UnsafeRawBufferPointer,
         documentCount: Int, info: TermInfo, name: String) throws {
        base = file.baseAddress!.assumingMemoryBound(to: UInt8.self)
        dataEnd = file.count - FileFormat.footerSize
        positionsBase = positionsFile.baseAddress!.assumingMemoryBound(to: UInt8.self)
        positionsEnd = positionsFile.count - FileFormat.footerSize
        termPositionsOffset = info.positionsOffset
        // Bound every value from the dictionary before any arithmetic on it, so nothing overflows:
        // a term occurs in at most every document, and its data starts inside the files.
        guard info.docFreq > 0, info.docFreq <= documentCount, documentCount <= Int(UInt32.max),
              info.postingsOffset >= FileFormat.headerSize, info.postingsOffset <= dataEnd,
              termPositionsOffset >= FileFormat.headerSize, termPositionsOffset <= positionsEnd
        else {
            throw QuarryError.corruptIndex("\(name): postings offsets out of range")
        }
        docFreq = info.docFreq
        fullBlocks = info.docFreq / PostingsFormat.blockSize
        tailCount = info.docFreq % PostingsFormat.blockSize
        skipOffset = info.postingsOffset
        impactsOffset = skipOffset + 8 * fullBlocks
        positionsEntriesOffset = impactsOffset + PostingsFormat.impactsEntrySize * fullBlocks
        blocksOffset = skipOffset + fullBlocks * PostingsFormat.skipEntrySize
        self.documentCount = UInt32(documentCount)
        if blocksOffset > dataEnd {
            throw QuarryError.corruptIndex("\(name): postings offsets out of range")
        }
        // One allocation for both blocks (the documents with the room bitmap decoding needs).
        let docsCapacity = PostingsFormat.blockSize + DocumentBitmap.decodeOverrun
        docs = .allocate(capacity: docsCapacity + PostingsFormat.blockSize)
        freqs = docs + docsCapacity
        loadBlock(0)
        if doc != Self.noMore { index = 0; doc = docs[0] }
    }

    deinit {
        docs.deallocate()
    }

    // MARK: Skip data

    @inline(__always)
    private func skipWord(at offset: Int) -> UInt32 {
        UInt32(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt32.self))
    }

    /// The `u32` at `byte` of block `block`'s positions entry.
    @inline(__always)
    private func positionsEntryWord(_ block: Int, _ byte: Int) -> UInt32 {
        skipWord(at: positionsEntriesOffset + block * PostingsFormat.positionsEntrySize + byte)
    }

    @inline(__always) func lastDoc(ofBlock block: Int) -> UInt32 { skipWord(at: skipOffset + 4 * block) }
    @inline(__always) private func docEnd(_ block: Int) -> Int { Int(skipWord(at: skipOffset + 4 * (fullBlocks + block))) }
    @inline(__always) private func positionsEndOf(_ block: Int) -> Int { Int(positionsEntryWord(block, 0)) }
    /// The `k`-th (tf, length) impact pair of full block `block` (a bound: see ``PostingsFormat``).
    @inline(__always) func impact(ofBlock block: Int, _ k: Int) -> (freq: UInt32, length: UInt32) {
        PostingsFormat.impact(stored: skipWord(at: impactsOffset + block * PostingsFormat.impactsEntrySize + 4 * k))
    }

    /// The index of the block the cursor is in (`fullBlocks` for the tail).
    var currentBlock: Int { blockIndex }

    // MARK: Decoding

    private func fail() {
        corrupt = true
        exhaust()
    }

    /// Ends the cursor: `doc` and `blockLastDoc` become `noMore`.
    private func exhaust() {
        doc = Self.noMore
        blockLastDoc = Self.noMore
        blockLength = 0
    }

    /// Loads block `block`: decodes its documents, or with `decodingDocuments` false and a bitmap
    /// block, only locates the bitmap (``seekInBlock(_:)`` reads it in place; anything else decodes
    /// it on first use). Leaves `index` at -1. Sets `doc` to noMore past the end.
    private func loadBlock(_ block: Int, decodingDocuments: Bool = true) {
        blockIndex = block
        index = -1
        freqsReady = false
        singleFrequencyReads = 0
        positionCursorValid = false
        pendingBitmap = -1
        let previous: UInt32 = block == 0 ? UInt32.max : lastDoc(ofBlock: block - 1)
        let start = blocksOffset + (block == 0 ? 0 : docEnd(block - 1))
        if block < fullBlocks {
            guard let (_, documents, width) = fullBlockLayout(block) else { return fail() }
            let last = lastDoc(ofBlock: block)
            // Every id of the block lies in (previous, last], and last is a document of the segment.
            guard last < documentCount, block == 0 || last > previous else { return fail() }
            if documents.bitmapWords == 0 {
                let gapWidth = Int(base[start])
                BitPacking.unpackDocuments(UnsafeRawPointer(base + start + 2), width: gapWidth, previous: previous, into: docs)
                guard docs[PostingsFormat.blockSize - 1] == last else { return fail() }
                // Gaps of at most 24 bits sum to at most 2^31 over a block, so the running sum cannot
                // wrap and still end at `last` > `previous`: the ids are strictly increasing. Wider
                // gaps (a huge segment, or damage) have their order checked one by one.
                if gapWidth > Self.maxGapWidthWithoutOrderCheck && !Self.strictlyIncreasing(docs, after: previous, block: block) {
                    return fail()
                }
            } else {
                // The skip data's last document must be the bitmap's last bit.
                let lastOffset = last &- previous &- 1
                let words = documents.bitmapWords
                guard Int(lastOffset >> 6) == words - 1,
                      DocumentBitmap.word(UnsafeRawPointer(base + start + 2), words - 1) &>> UInt64(lastOffset & 63) == 1
                else { return fail() }
                bitmapWordCount = words
                bitmapPrevious = previous
                pendingBitmap = start + 2
                rankWord = 0
                rankBefore = 0
                if decodingDocuments {
                    if !decodePendingBitmap() { return }
                } else {
                    let first = DocumentBitmap.nextSetBit(UnsafeRawPointer(base + start + 2), wordCount: words, from: 0) ?? lastOffset
                    doc = previous &+ 1 &+ first
                }
            }
            freqDataOffset = start + 2 + documents.bytes
            freqWidth = width
            blockLength = PostingsFormat.blockSize
            blockLastDoc = last
        } else if block == fullBlocks && tailCount > 0 {
            var offset = start
            guard start <= dataEnd,
                  VarInt.decode(base, &offset, end: dataEnd, count: tailCount, into: docs) else { return fail() }
            BitPacking.prefixSumGapsMinusOne(docs, count: tailCount, previous: previous)
            let last = docs[tailCount - 1]
            guard last < documentCount, block == 0 || docs[0] > previous else { return fail() }
            // Gaps are non-negative, so ids only overflow (wrap) if corrupt: check the order.
            for i in 1..<max(1, tailCount) where docs[i] <= docs[i - 1] { return fail() }
            freqDataOffset = offset
            freqWidth = -1
            blockLength = tailCount
            blockLastDoc = last
        } else {
            exhaust()
        }
    }

    /// The widest gap width (bits) whose 128 gaps cannot wrap a `UInt32` running sum.
    private static let maxGapWidthWithoutOrderCheck = 24

    /// Whether a full block's decoded ids are strictly increasing and above `previous` (the last
    /// id of the block before; ignored for block 0).
    private static func strictlyIncreasing(_ docs: UnsafeMutablePointer<UInt32>, after previous: UInt32, block: Int) -> Bool {
        if block > 0 && docs[0] <= previous { return false }
        for i in 1..<PostingsFormat.blockSize where docs[i] <= docs[i - 1] { return false }
        return true
    }

    /// Where full block `block` starts, how its documents are stored and its frequencies' width;
    /// nil when its header or its length (from the skip data) is damaged.
    @inline(__always)
    private func fullBlockLayout(_ block: Int) -> (start: Int, documents: (bytes: Int, bitmapWords: Int), freqWidth: Int)? {
        let start = blocksOffset + (block == 0 ? 0 : docEnd(block - 1))
        let end = blocksOffset + docEnd(block)
        guard start + 2 <= end, end <= dataEnd, let documents = PostingsFormat.documentBytes(header: base[start]) else { return nil }
        let width = Int(base[start + 1])
        guard width <= 32, start + 2 + documents.bytes + 16 * width == end else { return nil }
        return (start, documents, width)
    }

    /// Decodes the pending bitmap into `docs`; false (the cursor failed) if it is damaged.
    private func decodePendingBitmap() -> Bool {
        let bits = UnsafeRawPointer(base + pendingBitmap)
        pendingBitmap = -1
        let count = DocumentBitmap.decode(bits, wordCount: bitmapWordCount, previous: bitmapPrevious, into: docs)
        if count != PostingsFormat.blockSize { fail(); return false }
        return true
    }

    /// Makes sure the current block's documents are decoded.
    @inline(__always)
    private func ensureDocuments() {
        if pendingBitmap >= 0 { _ = decodePendingBitmap() }
    }

    @inline(__always)
    private func ensureFreqs() {
        if freqsReady { return }
        freqsReady = true
        if freqWidth >= 0 {
            BitPacking.unpack(UnsafeRawPointer(base + freqDataOffset), width: freqWidth, into: freqs)
        } else {
            var offset = freqDataOffset
            if !VarInt.decode(base, &offset, end: dataEnd, count: blockLength, into: freqs) {
                freqs.update(repeating: 0, count: blockLength)
                corrupt = true
            }
        }
    }

    // MARK: Iteration

    /// Moves to the next document and returns it (or `noMore`).
    @inline(__always)
    @discardableResult
    func next() -> UInt32 {
        index += 1
        if index < blockLength {
            ensureDocuments()
            doc = docs[index]
            return doc
        }
        _ = moveToNextBlock()
        return doc
    }

    /// Moves to the first document ≥ `target` and returns it (or `noMore`).
    @inline(__always)
    @discardableResult
    func advance(to target: UInt32) -> UInt32 {
        if target <= doc { return doc }
        if target > blockLastDoc {
            // Find the first block whose last document is ≥ target, without decoding the ones before.
            loadBlock(firstBlock(from: blockIndex + 1, atLeast: target))
            if doc == Self.noMore { return doc }
            if blockLastDoc < target { exhaust(); return doc }
            index = 0
        }
        ensureDocuments()
        var i = max(index, 0)
        while docs[i] < target { i += 1 }
        index = i
        doc = docs[i]
        return doc
    }

    /// The first full block at or after `from` whose last document is ≥ `target`, or `fullBlocks`
    /// (the tail) if none is. Gallops, then bisects, so long jumps read few skip entries.
    func firstBlock(from: Int, atLeast target: UInt32) -> Int {
        if from >= fullBlocks || lastDoc(ofBlock: from) >= target { return from }
        // Invariant: lastDoc(low) < target, and `high` is fullBlocks or has lastDoc ≥ target.
        var low = from
        var step = 1
        var high = from + 1
        while high < fullBlocks && lastDoc(ofBlock: high) < target {
            low = high
            step &*= 2
            high = low + step
        }
        high = min(high, fullBlocks)
        var first = low + 1
        while first < high {
            let middle = (first + high) / 2
            if lastDoc(ofBlock: middle) < target { first = middle + 1 } else { high = middle }
        }
        return first
    }

    // MARK: Block access, for block-at-a-time evaluation

    /// The current block's decoded documents (`blockCount` of them); valid until the cursor leaves the block.
    var blockDocuments: UnsafePointer<UInt32> {
        ensureDocuments()
        return UnsafePointer(docs)
    }
    /// The number of documents in the current block (0 once exhausted).
    var blockCount: Int { blockLength }
    /// Where `doc` is in the current block.
    var positionInBlock: Int { index }

    /// The current block's frequencies, each stored minus one; valid until the cursor leaves the block.
    func blockFrequenciesMinusOne() -> UnsafePointer<UInt32> {
        ensureFreqs()
        return UnsafePointer(freqs)
    }

    /// Moves to position `position` (< `blockCount`) of the current block, which must not be before the current one.
    @inline(__always)
    func move(toPositionInBlock position: Int) {
        ensureDocuments()
        index = position
        doc = docs[position]
    }

    /// Moves to the first document of the first block whose last document is ≥ `target`, which
    /// must be past the current block. Returns false, exhausted, if there is none. With `seeking`,
    /// a bitmap block is left undecoded for ``seekInBlock(_:)``.
    func moveToBlock(atLeast target: UInt32, seeking: Bool = false) -> Bool {
        if doc == Self.noMore { return false }
        loadBlock(firstBlock(from: blockIndex + 1, atLeast: target), decodingDocuments: !seeking)
        if doc == Self.noMore { return false }
        if blockLastDoc < target { exhaust(); return false }
        index = 0
        if pendingBitmap < 0 { doc = docs[0] }  // else loadBlock set it
        return true
    }

    /// Whether the current block is a bitmap not decoded yet (``seekInBlock(_:)`` reads it in place).
    var blockIsUndecodedBitmap: Bool { pendingBitmap >= 0 }

    /// Whether `target` (not past `blockLastDoc`, nor before the block) is in the current block,
    /// an undecoded bitmap: one bit read in place. The cursor does not move.
    @inline(__always)
    func bitmapContains(_ target: UInt32) -> Bool {
        let offset = target &- bitmapPrevious &- 1
        guard Int(offset >> 6) < bitmapWordCount else { return false }
        return DocumentBitmap.contains(UnsafeRawPointer(base + pendingBitmap), offset: offset)
    }

    /// Moves, within the current block, to the first document ≥ `target` (which must not be past
    /// `blockLastDoc`, nor before the current document) and returns whether it is `target`; its
    /// index is then `positionInBlock`. A bitmap block is read in place: one bit, and the set
    /// bits before it counted on from the last seek. Otherwise the decoded block is bisected.
    @inline(__always)
    func seekInBlock(_ target: UInt32) -> Bool {
        if pendingBitmap >= 0 {
            let bits = UnsafeRawPointer(base + pendingBitmap)
            let offset = target &- bitmapPrevious &- 1
            let w = Int(offset >> 6)
            if w >= bitmapWordCount {
                // Only a target outside the block (a caller's error) lands here: decode and bisect.
                ensureDocuments()
                return seekInBlock(target)
            }
            if rankWord > w {
                rankWord = 0
                rankBefore = 0
            }
            while rankWord < w {
                rankBefore &+= DocumentBitmap.word(bits, rankWord).nonzeroBitCount
                rankWord &+= 1
            }
            let word = DocumentBitmap.word(bits, w)
            let shift = UInt64(offset & 63)
            let found = (word &>> shift) & 1 != 0
            // Damaged bits could count past the block: the index stays inside it.
            index = min(rankBefore &+ (word & ((1 &<< shift) &- 1)).nonzeroBitCount, blockLength - 1)
            if found {
                doc = target
            } else if let next = DocumentBitmap.nextSetBit(bits, wordCount: bitmapWordCount, from: offset) {
                doc = bitmapPrevious &+ 1 &+ next
            } else {
                doc = blockLastDoc
            }
            return found
        }
        if blockLength == 0 { return false }  // exhausted (a damaged bitmap failed to decode)
        var low = max(index, 0)
        var length = blockLength - low
        while length > 1 {
            let half = length >> 1
            low = docs[low + half] < target ? low + half : low
            length -= half
        }
        // Past the last document only if the caller broke the precondition: stay in the block.
        low = min(low + (docs[low] < target ? 1 : 0), blockLength - 1)
        index = low
        doc = docs[low]
        return doc == target
    }

    /// Positions-only access: makes position `position` of block `block` current for `freq` and
    /// the position readers, without decoding the block's documents (`doc` is then meaningless).
    /// For a cursor used only this way, with locators from another cursor over the same term.
    func moveForPositions(block: Int, position: Int) {
        if block != blockIndex {
            if block < fullBlocks {
                loadFrequencyHeader(block)
            } else {
                loadBlock(block)
            }
        }
        index = min(position, max(blockLength - 1, 0))
    }

    /// Like `loadBlock` for a full block, but only locates its frequencies.
    private func loadFrequencyHeader(_ block: Int) {
        blockIndex = block
        freqsReady = false
        singleFrequencyReads = 0
        positionCursorValid = false
        pendingBitmap = -1
        guard let (start, documents, width) = fullBlockLayout(block) else { return fail() }
        freqDataOffset = start + 2 + documents.bytes
        freqWidth = width
        blockLength = PostingsFormat.blockSize
    }

    /// Moves to the first document of the next block. Returns false, exhausted, if there is none.
    func moveToNextBlock() -> Bool {
        if doc == Self.noMore { return false }
        loadBlock(blockIndex + 1)
        if doc == Self.noMore { return false }
        index = 0
        doc = docs[0]
        return true
    }

    /// The term frequency in the current document.
    @inline(__always)
    var freq: UInt32 { frequencyMinusOne(atPosition: index) &+ 1 }

    /// The stored frequency (minus one) at `position` of the current block. The first few reads in a
    /// bit-packed block extract single values; after that the whole block is unpacked once.
    @inline(__always)
    func frequencyMinusOne(atPosition position: Int) -> UInt32 {
        if !freqsReady && freqWidth >= 0 && singleFrequencyReads < Self.singleReadsBeforeUnpacking {
            singleFrequencyReads &+= 1
            return BitPacking.extract(UnsafeRawPointer(base + freqDataOffset), width: freqWidth, index: position)
        }
        ensureFreqs()
        return freqs[position]
    }

    private static let singleReadsBeforeUnpacking = 8

    /// Decodes the current document's positions into `out` (growing it) and returns how many there are.
    func positions(into out: inout [UInt32]) -> Int {
        // Each position takes at least one byte: a larger count can only come from damaged data.
        let count = min(Int(freq), positionsEnd)
        if out.count < count { out = [UInt32](repeating: 0, count: count) }
        return out.withUnsafeMutableBufferPointer { decodePositions(into: $0.baseAddress!) }
    }

    /// Decodes the current document's positions into `out`, which must hold at least `freq` values.
    /// (Named apart from `positions(into:)`: `&array` would silently convert to this pointer.)
    func decodePositions(into out: UnsafeMutablePointer<UInt32>) -> Int {
        let count = Int(freq)
        guard var offset = locatePositions(count: count) else { return 0 }
        var position: UInt32 = 0
        for i in 0..<count {
            position &+= VarInt.decode(positionsBase, &offset, end: positionsEnd)
            out[i] = position
        }
        return count
    }

    /// An upper bound of the current document's position count that damaged data cannot inflate
    /// beyond the positions file (each position takes at least one byte).
    var positionCapacityNeeded: Int { min(Int(freq), positionsEnd) }

    /// Writes `p − offset` for each position `p ≥ offset` of the current document into `out`, which
    /// must hold `positionCapacityNeeded` values; returns how many: the phrase start positions its
    /// first checked word allows.
    func decodePositionStarts(offset: UInt32, into out: UnsafeMutablePointer<UInt32>) -> Int {
        let count = Int(freq)
        guard var at = locatePositions(count: count) else { return 0 }
        var position: UInt32 = 0
        var kept = 0
        for _ in 0..<count {
            position &+= VarInt.decode(positionsBase, &at, end: positionsEnd)
            out[kept] = position &- offset
            kept &+= position >= offset ? 1 : 0
        }
        return kept
    }

    /// Keeps, in place, those of the first `count` ascending `starts` for which `start + offset` is a
    /// position of the current document; returns how many. Decoding stops once every start is settled.
    func keepStarts(_ starts: UnsafeMutablePointer<UInt32>, count: Int, offset: UInt32) -> Int {
        let positions = Int(freq)
        guard count > 0, var at = locatePositions(count: positions) else { return 0 }
        var position: UInt32 = 0
        var kept = 0
        var i = 0
        var wanted = starts[0] &+ offset
        for _ in 0..<positions {
            position &+= VarInt.decode(positionsBase, &at, end: positionsEnd)
            while wanted < position {
                i += 1
                if i == count { return kept }
                wanted = starts[i] &+ offset
            }
            if wanted == position {
                starts[kept] = starts[i]
                kept += 1
                i += 1
                if i == count { return kept }
                wanted = starts[i] &+ offset
            }
        }
        return kept
    }

    /// The offset of the current document's positions (which number `count`) in the positions
    /// file, or nil, marking the cursor corrupt, when the frequencies or offsets are damaged.
    /// Skips from the nearest of: where the last call left off in this block, the block's
    /// checkpoint at or before the document, the block's start.
    private func locatePositions(count: Int) -> Int? {
        // Skipping earlier documents' positions needs every frequency of the block.
        ensureFreqs()
        let blockStart = termPositionsOffset + (blockIndex == 0 ? 0 : positionsEndOf(blockIndex - 1))
        if !positionCursorValid || positionCursorIndex > index {
            positionCursorValid = true
            positionCursorIndex = 0
            positionCursorOffset = blockStart
        }
        let checkpoint = index / PostingsFormat.positionCheckpointInterval
        if blockIndex < fullBlocks && checkpoint > 0 && positionCursorIndex < checkpoint * PostingsFormat.positionCheckpointInterval {
            positionCursorIndex = checkpoint * PostingsFormat.positionCheckpointInterval
            positionCursorOffset = blockStart + Int(positionsEntryWord(blockIndex, 4 * checkpoint))
        }
        var offset = positionCursorOffset
        if positionCursorIndex < index {
            var skipped = 0
            for i in positionCursorIndex..<index { skipped += Int(freqs[i]) + 1 }
            offset = VarInt.skip(positionsBase, from: offset, end: positionsEnd, count: skipped)
            positionCursorIndex = index
        }
        positionCursorOffset = offset
        if count > positionsEnd - offset {
            // More positions than bytes left: the frequency or the offsets are damaged.
            corrupt = true
            return nil
        }
        return offset
    }
}
