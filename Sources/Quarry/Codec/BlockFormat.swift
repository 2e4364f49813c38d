/// Constants of the store's block compression format, shared by ``BlockCompressor`` and
/// ``BlockDecompressor``. The format is byte-oriented LZ77 in the LZ4 family; the File Format
/// article ("Store Block Compression") describes it byte by byte.
///
/// A block is a run of sequences. Each sequence is a token byte, an optional literal-length
/// extension, the literals, then — except in the last sequence — a 2-byte little-endian match
/// offset and an optional match-length extension. The token's high nibble is the literal length,
/// its low nibble the match length minus ``minMatch``; a nibble of 15 means "15 plus the
/// extension bytes that follow", where every extension byte adds its value and a byte of 255
/// means another byte follows.
enum BlockFormat {
    /// The shortest match a sequence can describe; the token stores `matchLength - minMatch`.
    static let minMatch = 4
    /// The largest distance back a match can reach (offsets are 2 bytes, and 0 is invalid).
    static let maxOffset = 65_535
    /// The value of a full nibble: the length continues in extension bytes.
    static let nibbleMax = 15
    /// The writer leaves at least this many bytes at the end of a block as literals.
    static let lastLiterals = 5
    /// The writer starts no match within this many bytes of the end of a block.
    static let matchStartMargin = 12

    /// No block decodes to more than this many bytes per compressed byte: only a match-length
    /// extension byte of 255 adds more than a few bytes of output, and it adds 255.
    static let maxExpansion = 255

    /// The most bytes ``BlockCompressor`` can produce for `rawLength` input bytes (incompressible
    /// input grows by one extension byte per 255 literals, plus a token).
    static func maxCompressedSize(_ rawLength: Int) -> Int {
        rawLength + rawLength / 255 + 16
    }
}
