/// Turns the bytes of a plain-text file into a title and a body.
public enum PlainTextReader {
    /// The result of reading one plain-text file.
    public struct Text: Sendable, Hashable {
        /// The first non-empty line, trimmed; empty when the file has no text.
        public var title: String
        /// The whole text minus the title line (and the blank lines before it), trimmed.
        public var body: String
        /// How many invalid UTF-8 sequences were replaced with U+FFFD.
        public var replacements: Int
    }

    /// Decodes `bytes` as UTF-8 (a leading byte-order mark is dropped; each invalid sequence
    /// becomes U+FFFD and is counted). The first non-empty line is the title; the body is the
    /// text that follows the title line, so the title is not repeated in the body.
    public static func read(_ bytes: [UInt8]) -> Text {
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let (text, replacements) = bytes.withUnsafeBufferPointer { buffer in
            UTF8Text.decode(UnsafeBufferPointer(rebasing: buffer[(hasBOM ? 3 : 0)...]))
        }
        let (title, body) = splitTitle(text)
        return Text(title: title, body: body, replacements: replacements)
    }

    /// Splits `text` into its first non-empty line (trimmed) and the trimmed rest.
    static func splitTitle(_ text: String) -> (title: String, body: String) {
        var rest = Substring(text)
        while !rest.isEmpty {
            let lineEnd = rest.firstIndex(where: \.isNewline) ?? rest.endIndex
            let line = rest[..<lineEnd].trimmingWhitespace()
            rest = rest[lineEnd...]
            if !rest.isEmpty { rest.removeFirst() }  // the line break ("\r\n" is one Character)
            if !line.isEmpty { return (String(line), String(rest.trimmingWhitespace())) }
        }
        return ("", "")
    }
}

extension Substring {
    /// The substring without leading and trailing whitespace (including line breaks).
    func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return self[first...last]
    }
}
