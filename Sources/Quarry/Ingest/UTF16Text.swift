/// Recognises UTF-16 text and turns it into UTF-8, so that files saved as "Unicode" by some
/// editors are indexed rather than taken for binary files.
enum UTF16Text {
    /// How many leading bytes are looked at when there is no byte-order mark.
    static let sampleSize = 8 * 1024

    /// The byte order of `bytes` if they are UTF-16 text: a byte-order mark (`FF FE` little-endian,
    /// `FE FF` big-endian; `FF FE 00 00`, UTF-32, is not UTF-16), or, without one, the pattern
    /// of mostly-Latin text: in the first ``sampleSize`` bytes, every code unit's high byte is zero
    /// and its low byte is not, in at least 90% of the code units and never both zero.
    static func byteOrder(_ bytes: [UInt8]) -> (bigEndian: Bool, bomLength: Int)? {
        if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE {
            if bytes.count >= 4 && bytes[2] == 0 && bytes[3] == 0 { return nil }
            return (false, 2)
        }
        if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF { return (true, 2) }
        let units = min(bytes.count, sampleSize) / 2
        guard units >= 4 else { return nil }
        var little = 0, big = 0
        for i in 0..<units {
            let (a, b) = (bytes[2 * i], bytes[2 * i + 1])
            if a == 0 && b == 0 { return nil }
            if a != 0 && b == 0 { little += 1 } else if a == 0 && b != 0 { big += 1 }
        }
        if little * 10 >= units * 9 { return (false, 0) }
        if big * 10 >= units * 9 { return (true, 0) }
        return nil
    }

    /// `bytes` decoded as UTF-16 and re-encoded as UTF-8, when they are UTF-16 text (see
    /// ``byteOrder(_:)``); unpaired surrogates and an odd last byte become U+FFFD and are counted.
    static func utf8IfUTF16(_ bytes: [UInt8]) -> (utf8: [UInt8], replacements: Int)? {
        guard let order = byteOrder(bytes) else { return nil }
        let count = (bytes.count - order.bomLength) / 2
        var units: [UInt16] = []
        units.reserveCapacity(count)
        for i in 0..<count {
            let (a, b) = (UInt16(bytes[order.bomLength + 2 * i]), UInt16(bytes[order.bomLength + 2 * i + 1]))
            units.append(order.bigEndian ? a << 8 | b : b << 8 | a)
        }
        var out: [UInt8] = []
        out.reserveCapacity(count + count / 2)
        var replacements = 0
        var iterator = units.makeIterator()
        var decoder = Unicode.UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): UTF8.encode(scalar) { out.append($0) }
            case .emptyInput: break loop
            case .error:
                replacements += 1
                UTF8.encode("\u{FFFD}") { out.append($0) }
            }
        }
        if (bytes.count - order.bomLength) % 2 == 1 {
            replacements += 1
            UTF8.encode("\u{FFFD}") { out.append($0) }
        }
        return (out, replacements)
    }
}
