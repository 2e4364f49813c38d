/// Constants and the skip-data layout of the postings file (see the File Format article).
///
/// Per term, in the postings file: the skip data of its `F = fullBlocks` full blocks (56 bytes
/// each), then the full blocks, then the tail. The skip data is four arrays, so that each search
/// step reads only what it needs:
/// - `F` × `lastDoc u32`, then `F` × `docEnd u32` (the end of the block relative to the first
///   block's start);
/// - `F` × impacts, 16 bytes each: ``impactsPerBlock`` pairs `(freq u16, length u16)`, the block's
///   (tf, length) Pareto frontier, coarsened to that many pairs and padded by repeating the last,
///   so that a block's score bound is tight for any BM25 parameters. A value too large for 16 bits
///   is stored as 65,535: a length is then smaller than the true one, and a frequency of 65,535
///   reads as unbounded, so the bound still holds;
/// - `F` × positions entries, 32 bytes each: `positionsEnd u32` (the end of the block's positions
///   relative to the term's first position byte), then ``positionCheckpoints`` `u32` offsets:
///   checkpoint `j` (1…7) is where the positions of the block's document `16 j` start, relative
///   to the block's first position byte, so reaching a document's positions skips at most 15
///   documents' worth.
/// A full block is `docs u8, freqWidth u8`, its documents, 128 packed `freq - 1` values. With
/// `docs` ≤ 32, the documents are 128 `gap - 1` values packed at that width; with `docs` in
/// 0x40…0x7F, they are a ``DocumentBitmap`` of `docs - 0x3F` 64-bit words, chosen when at most
/// ``bitmapSizeFactor`` times the packed gaps' size and ``bitmapMaxWords`` words.
/// The tail (`df % 128` documents) is VByte: all `gap - 1` values, then all `freq - 1` values.
enum PostingsFormat {
    static let blockSize = 128
    static let impactsPerBlock = 4
    /// Documents between position checkpoints, and checkpoints per positions entry.
    static let positionCheckpointInterval = 16
    static let positionCheckpoints = blockSize / positionCheckpointInterval - 1
    /// Bytes of a block's impacts, of its positions entry, and of all its skip data.
    static let impactsEntrySize = 4 * impactsPerBlock
    static let positionsEntrySize = 4 + 4 * positionCheckpoints
    static let skipEntrySize = 8 + impactsEntrySize + positionsEntrySize

    /// A stored impact value that stands for any larger one.
    static let saturatedImpactValue: UInt32 = 0xFFFF

    /// An impact pair as stored: `freq | length << 16`, each saturated to 16 bits (see the layout).
    @inline(__always)
    static func storedImpact(_ pair: Impacts.Pair) -> UInt32 {
        min(pair.freq, saturatedImpactValue) | min(pair.length, saturatedImpactValue) << 16
    }

    /// The pair a stored impact bounds the block with: a saturated frequency reads as unbounded.
    @inline(__always)
    static func impact(stored word: UInt32) -> (freq: UInt32, length: UInt32) {
        let freq = word & 0xFFFF
        return (freq == saturatedImpactValue ? .max : freq, word >> 16)
    }

    /// A block's documents are stored as a bitmap when it takes at most this many times the bytes
    /// of the packed gaps, and at most ``bitmapMaxWords`` words: slightly larger postings for terms
    /// in a tenth of the documents or more, whose blocks candidates are then looked up in without
    /// decoding. Sparser bitmaps would decode too slowly (a bitmap decodes a byte at a time).
    static let bitmapSizeFactor = 2
    static let bitmapMaxWords = 24

    /// The first `docs` header value that marks a bitmap block (of one word).
    static let bitmapHeaderBase = 0x40

    /// The `docs` header byte of a bitmap block of `words` words.
    static func bitmapHeader(words: Int) -> UInt8 { UInt8(bitmapHeaderBase + words - 1) }

    /// The byte size of a full block's documents from its `docs` header byte, or nil if the byte
    /// is not a valid one; `bitmapWords` is 0 for packed gaps.
    @inline(__always)
    static func documentBytes(header: UInt8) -> (bytes: Int, bitmapWords: Int)? {
        let value = Int(header)
        if value <= 32 { return (BitPacking.packedBytes(width: value), 0) }
        let words = value - bitmapHeaderBase + 1
        guard words >= 1 && words <= DocumentBitmap.maxWords else { return nil }
        return (8 * words, words)
    }
}
