/// DEFLATE's alphabets (RFC 1951 §3.2.5): how a match length and a distance map to a symbol and
/// extra bits.
enum DeflateSymbols {
    /// Literal/length symbols that can appear: 0–255 literals, 256 end of block, 257–285 lengths.
    static let literalLengthCount = 286
    static let endOfBlock = 256
    /// Distance symbols that can appear.
    static let distanceCount = 30
    /// Code-length symbols: 0–15 lengths, 16 repeat the previous, 17 and 18 runs of zeros.
    static let codeLengthCount = 19
    /// The order in which the code-length code's lengths are sent.
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    static let minMatch = 3
    static let maxMatch = 258
    static let maxDistance = 32_768

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtraBits: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                         3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                      257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                      8193, 12289, 16385, 24577]
    static let distanceExtraBits: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                           7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// The length code (0–28, symbol `257 + code`) of each match length 0…258 (valid from 3).
    static let lengthCode: [UInt8] = {
        var table = [UInt8](repeating: 0, count: maxMatch + 1)
        for code in 0..<lengthBase.count {
            let end = code + 1 < lengthBase.count ? min(lengthBase[code + 1], maxMatch) : maxMatch + 1
            for length in lengthBase[code]..<end { table[length] = UInt8(code) }
        }
        return table
    }()

    /// Distance codes by `distance - 1` for distances up to 256, then by `(distance - 1) >> 7`
    /// from index 256 (every code above 15 spans a multiple of 128 distances).
    static let distanceCodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        for code in 0..<distanceBase.count {
            let end = code + 1 < distanceBase.count ? distanceBase[code + 1] : maxDistance + 1
            for distance in distanceBase[code]..<end {
                if distance <= 256 { table[distance - 1] = UInt8(code) }
                else { table[256 + ((distance - 1) >> 7)] = UInt8(code) }
            }
        }
        return table
    }()
}
