/// A full postings block of 128 ascending document ids stored as a bitmap: bit `i` (word `i / 64`,
/// bit `i % 64`, words little-endian) stands for document `previous + 1 + i`, where `previous` is
/// the last document of the block before. For dense terms' blocks this is about as small as packed
/// gaps, and asking whether a document is in the block, and where, needs no decoding.
enum DocumentBitmap {
    /// The most words a bitmap block may have (the `docs` header byte's range, 0x40…0x7F); the
    /// encoder writes at most ``PostingsFormat/bitmapMaxWords``.
    static let maxWords = 64

    /// The number of 64-bit words a bitmap of `docs[0..<128]` takes after `previous`.
    @inline(__always)
    static func wordCount(last: UInt32, previous: UInt32) -> Int {
        Int((last &- previous &- 1) >> 6) + 1
    }

    /// Writes the bitmap of `docs[0..<128]` (ascending, after `previous`) into `out`, which holds
    /// `wordCount` words.
    static func encode(_ docs: UnsafePointer<UInt32>, previous: UInt32, wordCount: Int, into out: UnsafeMutableRawPointer) {
        var words = [UInt64](repeating: 0, count: wordCount)
        for i in 0..<BitPacking.blockSize {
            let offset = docs[i] &- previous &- 1
            words[Int(offset >> 6)] |= 1 &<< UInt64(offset & 63)
        }
        for (w, word) in words.enumerated() {
            out.storeBytes(of: word.littleEndian, toByteOffset: 8 * w, as: UInt64.self)
        }
    }

    /// Word `w` of the bitmap at `bits`.
    @inline(__always)
    static func word(_ bits: UnsafeRawPointer, _ w: Int) -> UInt64 {
        UInt64(littleEndian: bits.loadUnaligned(fromByteOffset: 8 * w, as: UInt64.self))
    }

    /// Room `decode` needs past the 128th document (it writes eight at a time).
    static let decodeOverrun = 8

    /// Decodes the bitmap's documents into `out` (room for 128 + ``decodeOverrun``) and returns how
    /// many bits are set, or -1 if more than 128 are (damaged data). A byte at a time, with no
    /// branch on the bits: each byte's set-bit offsets come from a table, eight are stored, and
    /// the output advances by the byte's count.
    static func decode(_ bits: UnsafeRawPointer, wordCount: Int, previous: UInt32, into out: UnsafeMutablePointer<UInt32>) -> Int {
        offsetTable.withUnsafeBufferPointer { offsets in
            countTable.withUnsafeBufferPointer { counts in
                var count = 0
                var base = SIMD8<UInt32>(repeating: previous &+ 1)
                for w in 0..<wordCount {
                    var word = self.word(bits, w)
                    if count + word.nonzeroBitCount > BitPacking.blockSize { return -1 }
                    for _ in 0..<8 {
                        let byte = Int(word & 0xFF)
                        UnsafeMutableRawPointer(out + count).storeBytes(of: base &+ offsets[byte], as: SIMD8<UInt32>.self)
                        count &+= Int(counts[byte])
                        base &+= 8
                        word &>>= 8
                    }
                }
                return count
            }
        }
    }

    /// Per byte value: the offsets of its set bits, in order (then zeros).
    private static let offsetTable: [SIMD8<UInt32>] = (0..<256).map { byte in
        var entry = SIMD8<UInt32>(repeating: 0)
        var n = 0
        for bit in 0..<8 where byte & (1 << bit) != 0 {
            entry[n] = UInt32(bit)
            n += 1
        }
        return entry
    }

    /// Per byte value: its number of set bits.
    private static let countTable: [UInt8] = (0..<256).map { UInt8(($0 as Int).nonzeroBitCount) }

    /// The number of set bits before bit `offset` (< 64 × `wordCount`), counting on from `rankBefore`
    /// set bits before word `fromWord` (≤ the offset's word): a document's index in its block.
    @inline(__always)
    static func rank(_ bits: UnsafeRawPointer, offset: UInt32, fromWord: Int, rankBefore: Int) -> Int {
        let target = Int(offset >> 6)
        var rank = rankBefore
        var w = fromWord
        while w < target {
            rank &+= word(bits, w).nonzeroBitCount
            w &+= 1
        }
        let below = word(bits, target) & ((1 &<< UInt64(offset & 63)) &- 1)
        return rank &+ below.nonzeroBitCount
    }

    /// Whether bit `offset` (< 64 × `wordCount`) is set.
    @inline(__always)
    static func contains(_ bits: UnsafeRawPointer, offset: UInt32) -> Bool {
        word(bits, Int(offset >> 6)) &>> UInt64(offset & 63) & 1 != 0
    }

    /// The offset of the first set bit at or after `offset`, or nil if there is none in the bitmap.
    @inline(__always)
    static func nextSetBit(_ bits: UnsafeRawPointer, wordCount: Int, from offset: UInt32) -> UInt32? {
        var w = Int(offset >> 6)
        if w >= wordCount { return nil }
        var word = self.word(bits, w) & ~((1 &<< UInt64(offset & 63)) &- 1)
        while word == 0 {
            w &+= 1
            if w == wordCount { return nil }
            word = self.word(bits, w)
        }
        return UInt32(truncatingIfNeeded: w << 6 | word.trailingZeroBitCount)
    }
}
