/// Encodes one term's postings (document ids, frequencies) and locates its positions' block boundaries.
///
/// The output layout is described in ``PostingsFormat``. The encoder is reused across terms to keep
/// its scratch buffers.
struct PostingsEncoder {
    private var scratch = [UInt32](repeating: 0, count: PostingsFormat.blockSize)
    private var packed = [UInt8](repeating: 0, count: 16 * 32)
    /// One block's document lengths, gathered before use: the lengths of a rare term's documents lie
    /// far apart, and a loop that does nothing but load them lets those cache misses overlap.
    private var blockLengths = [UInt32](repeating: 0, count: PostingsFormat.blockSize)
    private var blockPairs: [Impacts.Pair] = {
        var pairs: [Impacts.Pair] = []
        pairs.reserveCapacity(PostingsFormat.blockSize)
        return pairs
    }()
    private var checkpoints = [UInt32](repeating: 0, count: PostingsFormat.positionCheckpoints)
    var out = ByteWriter(capacity: 1 << 16)

    /// Encodes the postings into `out` (cleared first) and returns the term's impact frontier.
    /// - Parameters:
    ///   - docs: ascending segment-local document ids.
    ///   - freqs: each document's term frequency (≥ 1).
    ///   - positions: the term's VByte position stream, `freqs[i]` values per document, in order.
    ///   - lengths: every document's length, to compute block and term impacts.
    mutating func encode(docs: [UInt32], freqs: [UInt32], positions: UnsafeBufferPointer<UInt8>, lengths: UnsafeBufferPointer<UInt32>) throws -> [Impacts.Pair] {
        out.removeAll()
        let count = docs.count
        let fullBlocks = count / PostingsFormat.blockSize
        let skipStart = out.reserveZeros(fullBlocks * PostingsFormat.skipEntrySize)
        let blocksStart = out.count
        var previous = UInt32.max  // so that the first gap - 1 is the id itself
        var positionOffset = 0
        var termFrontier: [Impacts.Pair] = []

        for block in 0..<fullBlocks {
            let base = block * PostingsFormat.blockSize
            blockPairs.removeAll(keepingCapacity: true)
            let blockPositionsStart = positionOffset
            let previousBlockLast = previous
            gatherLengths(docs: docs, from: base, count: PostingsFormat.blockSize, lengths: lengths)
            for i in 0..<PostingsFormat.blockSize {
                if i > 0 && i % PostingsFormat.positionCheckpointInterval == 0 {
                    checkpoints[i / PostingsFormat.positionCheckpointInterval - 1] = UInt32(truncatingIfNeeded: positionOffset - blockPositionsStart)
                }
                let doc = docs[base + i]
                scratch[i] = doc &- previous &- 1
                previous = doc
                let freq = freqs[base + i]
                blockPairs.append(Impacts.Pair(freq: freq, length: blockLengths[i]))
                positionOffset = Self.skipVBytes(positions, from: positionOffset, count: Int(freq))
            }
            let blockFrontier = Impacts.frontier(blockPairs)
            termFrontier = Impacts.union(termFrontier, blockFrontier)
            let blockImpacts = Impacts.coarsened(blockFrontier, to: PostingsFormat.impactsPerBlock)
            try appendDocuments(gaps: scratch, docs: docs, from: base, previous: previousBlockLast)
            for i in 0..<PostingsFormat.blockSize { scratch[i] = freqs[base + i] - 1 }
            try appendPacked(scratch, widthSlot: true)
            guard positionOffset <= Int(UInt32.max), out.count - blocksStart <= Int(UInt32.max) else {
                throw QuarryError.limitExceeded("a term's postings or positions exceed 4 GiB in one segment")
            }
            // Fill the block's skip data, reserved up front.
            let blockEnd = UInt32(out.count - blocksStart)
            out.withUnsafeMutableBytes { raw in
                let skip = raw.baseAddress! + skipStart
                skip.storeBytes(of: previous.littleEndian, toByteOffset: 4 * block, as: UInt32.self)
                skip.storeBytes(of: blockEnd.littleEndian, toByteOffset: 4 * (fullBlocks + block), as: UInt32.self)
                let impacts = skip + 8 * fullBlocks + block * PostingsFormat.impactsEntrySize
                for k in 0..<PostingsFormat.impactsPerBlock {
                    let stored = PostingsFormat.storedImpact(blockImpacts[min(k, blockImpacts.count - 1)])
                    impacts.storeBytes(of: stored.littleEndian, toByteOffset: 4 * k, as: UInt32.self)
                }
                let positionsEntry = skip + (8 + PostingsFormat.impactsEntrySize) * fullBlocks + block * PostingsFormat.positionsEntrySize
                positionsEntry.storeBytes(of: UInt32(positionOffset).littleEndian, toByteOffset: 0, as: UInt32.self)
                for (j, checkpoint) in checkpoints.enumerated() {
                    positionsEntry.storeBytes(of: checkpoint.littleEndian, toByteOffset: 4 + 4 * j, as: UInt32.self)
                }
            }
        }
        // Tail: VByte gaps then VByte frequencies.
        let tailStart = fullBlocks * PostingsFormat.blockSize
        if tailStart < count {
            blockPairs.removeAll(keepingCapacity: true)
            gatherLengths(docs: docs, from: tailStart, count: count - tailStart, lengths: lengths)
            for i in tailStart..<count {
                let doc = docs[i]
                out.vbyte(doc &- previous &- 1)
                previous = doc
                blockPairs.append(Impacts.Pair(freq: freqs[i], length: blockLengths[i - tailStart]))
            }
            for i in tailStart..<count { out.vbyte(freqs[i] - 1) }
            termFrontier = Impacts.union(termFrontier, Impacts.frontier(blockPairs))
        }
        return Impacts.coarsened(termFrontier)
    }

    /// Appends a block's documents, as packed gaps or, when at most twice their size and dense
    /// enough to decode quickly, as a bitmap, after
    /// the block's two header bytes (the second, the frequencies' width, is patched by `appendPacked`).
    private mutating func appendDocuments(gaps: [UInt32], docs: [UInt32], from base: Int, previous: UInt32) throws {
        let width = gaps.withUnsafeBufferPointer { BitPacking.requiredWidth($0.baseAddress!) }
        let words = DocumentBitmap.wordCount(last: docs[base + PostingsFormat.blockSize - 1], previous: previous)
        guard words <= PostingsFormat.bitmapMaxWords, 8 * words <= PostingsFormat.bitmapSizeFactor * BitPacking.packedBytes(width: width) else {
            return try appendPacked(gaps)
        }
        out.u8(PostingsFormat.bitmapHeader(words: words))
        pendingFreqWidthAt = out.count
        out.u8(0)
        packed.withUnsafeMutableBytes { p in
            docs.withUnsafeBufferPointer { d in
                DocumentBitmap.encode(d.baseAddress! + base, previous: previous, wordCount: words, into: p.baseAddress!)
            }
        }
        packed.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[0..<(8 * words)])) }
    }

    /// Appends a packed block; the first call of a block writes both width bytes up front.
    private mutating func appendPacked(_ values: [UInt32], widthSlot: Bool = false) throws {
        let width = values.withUnsafeBufferPointer { BitPacking.requiredWidth($0.baseAddress!) }
        if !widthSlot {
            // Layout: docWidth u8, freqWidth u8 (patched by the second call), doc data, freq data.
            out.u8(UInt8(width))
            pendingFreqWidthAt = out.count
            out.u8(0)
        } else {
            out.withUnsafeMutableBytes { $0[pendingFreqWidthAt] = UInt8(width) }
        }
        let bytes = BitPacking.packedBytes(width: width)
        values.withUnsafeBufferPointer { v in
            packed.withUnsafeMutableBytes { p in
                BitPacking.pack(v.baseAddress!, width: width, into: p.baseAddress!)
            }
        }
        packed.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[0..<bytes])) }
    }

    private var pendingFreqWidthAt = 0

    /// Loads the lengths of `count` (at most a block) documents from `docs[from...]` into `blockLengths`.
    @inline(__always)
    private mutating func gatherLengths(docs: [UInt32], from: Int, count: Int, lengths: UnsafeBufferPointer<UInt32>) {
        docs.withUnsafeBufferPointer { docs in
            blockLengths.withUnsafeMutableBufferPointer { gathered in
                for i in 0..<count { gathered[i] = lengths[Int(docs[from + i])] }
            }
        }
    }

    /// The offset after `count` VByte values starting at `from`.
    @inline(__always)
    static func skipVBytes(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, count: Int) -> Int {
        var offset = from
        var remaining = count
        while remaining > 0 {
            if bytes[offset] < 0x80 { remaining -= 1 }
            offset += 1
        }
        return offset
    }
}
