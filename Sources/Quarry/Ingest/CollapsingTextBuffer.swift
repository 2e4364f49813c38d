/// Accumulates UTF-8 text, collapsing whitespace runs to one space and trimming both ends.
///
/// Whitespace is ASCII space, tab, line feed, carriage return, form feed and vertical tab,
/// plus U+00A0 NO-BREAK SPACE (what `&nbsp;` decodes to).
struct CollapsingTextBuffer {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false

    /// Marks a word boundary: the next text starts with a space unless nothing came before.
    mutating func breakWord() {
        pendingSpace = true
    }

    /// Appends a NUL-terminated UTF-8 string.
    mutating func append(cString: UnsafePointer<UInt8>) {
        var cursor = cString
        while true {
            let byte = cursor.pointee
            if byte == 0 { return }
            if byte == 0xC2, cursor[1] == 0xA0 {
                pendingSpace = true
                cursor += 2
                continue
            }
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                pendingSpace = true
            } else {
                if pendingSpace, !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
            }
            cursor += 1
        }
    }

    /// The collected text.
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
