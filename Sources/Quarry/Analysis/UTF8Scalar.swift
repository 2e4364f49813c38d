/// Strict UTF-8 decoding of one scalar from raw bytes, for the tokenizer's non-ASCII path.
enum UTF8Scalar {
    /// Decodes the multi-byte sequence starting at `p[i]` (which must be ≥ 0x80), reading no further than `end`.
    /// Returns the scalar value and its byte length, or (`CharacterTable.invalidScalar`, 1) for an invalid,
    /// overlong, surrogate or truncated sequence, so that a bad byte is skipped as a separator.
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (value: UInt32, length: Int) {
        let invalid = (CharacterTable.invalidScalar, 1)
        let b0 = UInt32(p[i])
        if b0 < 0xE0 {
            guard b0 >= 0xC2, i + 1 < end else { return invalid }
            let b1 = UInt32(p[i + 1])
            guard b1 & 0xC0 == 0x80 else { return invalid }
            return ((b0 & 0x1F) << 6 | (b1 & 0x3F), 2)
        }
        if b0 < 0xF0 {
            guard i + 2 < end else { return invalid }
            let b1 = UInt32(p[i + 1]), b2 = UInt32(p[i + 2])
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return invalid }
            let value = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)
            guard value >= 0x800, value & 0xF800 != 0xD800 else { return invalid }
            return (value, 3)
        }
        guard b0 <= 0xF4, i + 3 < end else { return invalid }
        let b1 = UInt32(p[i + 1]), b2 = UInt32(p[i + 2]), b3 = UInt32(p[i + 3])
        guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return invalid }
        let value = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F)
        guard value >= 0x1_0000, value <= 0x10_FFFF else { return invalid }
        return (value, 4)
    }
}
