/// Looks at raw HTML bytes before parsing to decide which encoding hint to give the parser.
enum CharsetSniffer {
    /// How far into the page a charset declaration is looked for.
    static let scanLimit = 16 * 1024

    /// Whether the page declares its encoding in a `<meta>` tag or an XML declaration
    /// within its first ``scanLimit`` bytes (ASCII case-insensitive).
    static func declaresCharset(_ bytes: [UInt8]) -> Bool {
        let end = min(bytes.count, scanLimit)
        var index = 0
        while index < end {
            if bytes[index] == UInt8(ascii: "<") {
                if matches(bytes, at: index + 1, end: end, lowercase: "meta") || matches(bytes, at: index + 1, end: end, lowercase: "?xml") {
                    let tagEnd = bytes[index..<end].firstIndex(of: UInt8(ascii: ">")) ?? end
                    if contains(bytes, from: index, to: tagEnd, lowercase: "charset")
                        || contains(bytes, from: index, to: tagEnd, lowercase: "encoding") {
                        return true
                    }
                    index = tagEnd
                    continue
                }
            }
            index += 1
        }
        return false
    }

    /// `"UTF-8"` when `bytes` are valid UTF-8 and contain non-ASCII bytes, else `nil`
    /// (plain ASCII needs no hint; anything else is left to libxml2's own detection).
    static func utf8HintIfValid(_ bytes: [UInt8]) -> String? {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        return UTF8Text.isValid(bytes) ? "UTF-8" : nil
    }

    private static func matches(_ bytes: [UInt8], at start: Int, end: Int, lowercase word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard start + count <= end else { return false }
        let pattern = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where asciiLower(bytes[start + offset]) != pattern[offset] {
            return false
        }
        return true
    }

    private static func contains(_ bytes: [UInt8], from start: Int, to end: Int, lowercase word: StaticString) -> Bool {
        var index = start
        while index < end {
            if matches(bytes, at: index, end: end, lowercase: word) { return true }
            index += 1
        }
        return false
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
