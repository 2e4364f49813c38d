/// Word-at-a-time (SWAR) handling of ASCII letters and digits, eight bytes at once.
enum ASCIIWordRun {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Sets the high bit of each byte of `x` that lies in `low...high`; every byte of `x` must be < 0x80.
    @inline(__always)
    private static func inRange(_ x: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        let atLeastLow = x &+ ones &* UInt64(0x80 - low)
        let aboveHigh = x &+ ones &* UInt64(0x7F - high)
        return atLeastLow & ~aboveHigh & highBits
    }

    /// Scans eight bytes (`chunk`, first byte in the low bits): returns how many leading bytes are ASCII
    /// letters or digits (0...8) and the chunk with A–Z lowercased if `lowercase`.
    @inline(__always)
    static func scan(_ chunk: UInt64, lowercase: Bool) -> (count: Int, bytes: UInt64) {
        let ascii = chunk & ~highBits
        let isAlnum = (inRange(ascii | ones &* 0x20, 0x61, 0x7A) | inRange(ascii, 0x30, 0x39)) & ~chunk
        let count = (~isAlnum & highBits).trailingZeroBitCount >> 3
        guard lowercase else { return (count, chunk) }
        return (count, chunk | (inRange(ascii, 0x41, 0x5A) & ~chunk) >> 2)
    }
}
