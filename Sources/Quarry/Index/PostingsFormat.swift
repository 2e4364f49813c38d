/// Constants and the skip-data layout of the postings file (see the File Format article).
///
/// Per term, in the postings file: the skip data of its `F = fullBlocks` full blocks (72 bytes
/// each), then the full blocks, then the tail. The skip data is three arrays: `F` × `lastDoc u32`,
/// then `F` × `docEnd u32`, then `F` block entries of 64 bytes: `positionsEnd u32`, the block's
/// impacts — ``impactsPerBlock`` pairs `(freq u32, length u32)`, the block's (tf, length) Pareto
/// frontier, coarsened to that many pairs and padded by repeating the last, so that a block's
/// score bound is tight for any BM25 parameters — then ``positionCheckpoints`` `u32` offsets:
/// checkpoint `j` (1…7) is where the positions of the block's document `16 j` start, relative to
/// the block's first position byte, so reaching a document's positions skips at most 15
/// documents' worth. The last documents are packed together so that searching them for a target
/// reads few cache lines. `docEnd` is the end of the block relative to the first block's start
/// and `positionsEnd` the end of the block's positions relative to the term's first position byte.
/// A full block is `docs u8, freqWidth u8`, its documents, 128 packed `freq - 1` values. With
/// `docs` ≤ 32, the documents are 128 `gap - 1` values packed at that width; with `docs` in
/// 0x40…0x7F, they are a ``DocumentBitmap`` of `docs - 0x3F` 64-bit words, chosen when at most
/// ``bitmapSizeFactor`` times the packed gaps' size and ``bitmapMaxWords`` words.
/// The tail (`df % 128` documents) is VByte: all `gap - 1` values, then all `freq - 1` values.
enum PostingsFormat {
    static let blockSize = 128
    static let impactsPerBlock = 4
    /// Documents between position checkpoints, and checkpoints per block entry.
    static let positionCheckpointInterval = 16
    static let positionCheckpoints = blockSize / positionCheckpointInterval - 1
    /// Byte offsets in a block entry: its impact pairs, then its checkpoints.
    static let impactsOffset = 4
    static let positionCheckpointsOffset = impactsOffset + 8 * impactsPerBlock
    /// Bytes of a block entry, and of all the skip data per full block (with `lastDoc` and `docEnd`).
    static let blockEntrySize = positionCheckpointsOffset + 4 * positionCheckpoints
    static let skipEntrySize = 8 + blockEntrySize

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
