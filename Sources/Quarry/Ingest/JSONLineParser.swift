/// Why a JSON Lines line was rejected.
public struct JSONLineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `expected ':' after the key`.
    public var reason: String
    /// The 1-based byte position in the line where the problem was found.
    public var column: Int

    public var description: String { "\(reason) (column \(column))" }
}

/// The fields of one JSON Lines record.
struct ParsedLine: Sendable, Hashable {
    var id: String
    var title: String
    var body: String
    /// The values of the parser's extra fields, in its order ("" for a member missing or not text).
    var fields: [String] = []
    /// How many invalid UTF-8 sequences or unpaired surrogate escapes became U+FFFD.
    var replacements: Int
}

/// A fast parser for one line holding a JSON object with `id`, `title` and `body`.
///
/// The whole line must be one valid JSON object (RFC 8259), optionally surrounded by blanks.
/// `id` must be a string or a number (a number's text is used as written); `title` and `body`
/// must be strings or `null` and default to empty. The members named in `extraFields` are read
/// as text: a string as it is, an array's strings joined with single spaces (its other elements
/// skipped), anything else as empty. Other keys are checked for valid JSON and ignored. A repeated key keeps its last value. Invalid UTF-8 in strings and unpaired
/// surrogate escapes are replaced with U+FFFD and counted rather than rejected.
struct JSONLineParser {
    /// Nesting limit for the values of ignored keys.
    static let maxDepth = 128

    private var scratch: [UInt8] = []
    /// The names of the members read as extra text fields, as UTF-8.
    private let extraFields: [[UInt8]]

    init(extraFields: [String] = []) {
        self.extraFields = extraFields.map { Array($0.utf8) }
    }

    /// Parses one line (without its line break).
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>) throws(JSONLineError) -> ParsedLine {
        var cursor = Cursor(bytes: line)
        var id: String?
        var title = ""
        var body = ""
        var replacements = 0
        var fields = [String](repeating: "", count: extraFields.count)

        cursor.skipBlanks()
        guard cursor.peek() == UInt8(ascii: "{") else { throw cursor.error("expected '{' at the start of the line") }
        cursor.advance()
        cursor.skipBlanks()
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.advance()
        } else {
            while true {
                guard cursor.peek() == UInt8(ascii: "\"") else { throw cursor.error("expected a string key") }
                let key = try readKey(&cursor)
                cursor.skipBlanks()
                guard cursor.peek() == UInt8(ascii: ":") else { throw cursor.error("expected ':' after the key") }
                cursor.advance()
                cursor.skipBlanks()
                switch key {
                case .id:
                    id = try readID(&cursor, replacements: &replacements)
                case .title:
                    title = try readOptionalString(&cursor, field: "title", replacements: &replacements)
                case .body:
                    body = try readOptionalString(&cursor, field: "body", replacements: &replacements)
                case .extra(let k):
                    fields[k] = try readExtraText(&cursor, replacements: &replacements)
                case .other:
                    try skipValue(&cursor, depth: 0)
                }
                cursor.skipBlanks()
                guard let separator = cursor.peek() else { throw cursor.error("unterminated object") }
                cursor.advance()
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else { throw cursor.error("expected ',' or '}' after a value", offset: -1) }
                cursor.skipBlanks()
            }
        }
        cursor.skipBlanks()
        guard cursor.isAtEnd else { throw cursor.error("unexpected characters after the object") }
        guard let id else { throw JSONLineError(reason: "missing \"id\"", column: 1) }
        guard !id.isEmpty else { throw JSONLineError(reason: "empty \"id\"", column: 1) }
        // A longer id could not be looked up, so a later run could neither replace nor delete the record.
        guard id.utf8.count <= IndexReader.maxLookupIDBytes else {
            throw JSONLineError(reason: "\"id\" is \(id.utf8.count) bytes, over the \(IndexReader.maxLookupIDBytes) an id may have", column: 1)
        }
        return ParsedLine(id: id, title: title, body: body, fields: fields, replacements: replacements)
    }

    // MARK: - Fields

    private enum Key { case id, title, body, extra(Int), other }

    private mutating func readKey(_ cursor: inout Cursor) throws(JSONLineError) -> Key {
        var ignored = 0
        let raw = try readStringBytes(&cursor, replacements: &ignored)
        switch raw {
        case .slice(let slice): return key(slice)
        case .scratch: return scratch.withUnsafeBufferPointer { key($0) }
        }
    }

    private func key(_ bytes: UnsafeBufferPointer<UInt8>) -> Key {
        let key = Self.fixedKey(bytes)
        if case .other = key, !extraFields.isEmpty, let k = extraFields.firstIndex(where: { $0.elementsEqual(bytes) }) {
            return .extra(k)
        }
        return key
    }

    private static func fixedKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Key {
        switch bytes.count {
        case 2 where bytes[0] == 0x69 && bytes[1] == 0x64:  // id
            return .id
        case 4 where bytes[0] == 0x62 && bytes[1] == 0x6F && bytes[2] == 0x64 && bytes[3] == 0x79:  // body
            return .body
        case 5 where bytes[0] == 0x74 && bytes[1] == 0x69 && bytes[2] == 0x74 && bytes[3] == 0x6C && bytes[4] == 0x65:  // title
            return .title
        default:
            return .other
        }
    }

    private mutating func readID(_ cursor: inout Cursor, replacements: inout Int) throws(JSONLineError) -> String {
        switch cursor.peek() ?? 0 {
        case UInt8(ascii: "\""):
            return try readString(&cursor, replacements: &replacements)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = cursor.position
            try skipNumber(&cursor)
            return String(decoding: cursor.bytes[start..<cursor.position], as: UTF8.self)
        default:
            throw cursor.error("\"id\" must be a string or a number")
        }
    }

    private mutating func readOptionalString(_ cursor: inout Cursor, field: String, replacements: inout Int) throws(JSONLineError) -> String {
        if cursor.peek() == UInt8(ascii: "\"") { return try readString(&cursor, replacements: &replacements) }
        if cursor.peek() == UInt8(ascii: "n") {
            try cursor.expectLiteral("null")
            return ""
        }
        throw cursor.error("\"\(field)\" must be a string or null")
    }

    /// An extra field's value as text: a string, an array's strings joined by spaces, else "".
    private mutating func readExtraText(_ cursor: inout Cursor, replacements: inout Int) throws(JSONLineError) -> String {
        if cursor.peek() == UInt8(ascii: "\"") { return try readString(&cursor, replacements: &replacements) }
        guard cursor.peek() == UInt8(ascii: "[") else {
            try skipValue(&cursor, depth: 0)
            return ""
        }
        cursor.advance()
        cursor.skipBlanks()
        var parts: [String] = []
        if cursor.peek() == UInt8(ascii: "]") {
            cursor.advance()
            return ""
        }
        while true {
            if cursor.peek() == UInt8(ascii: "\"") {
                parts.append(try readString(&cursor, replacements: &replacements))
            } else {
                try skipValue(&cursor, depth: 1)
            }
            cursor.skipBlanks()
            guard let separator = cursor.peek() else { throw cursor.error("unterminated array") }
            cursor.advance()
            if separator == UInt8(ascii: "]") { break }
            guard separator == UInt8(ascii: ",") else { throw cursor.error("expected ',' or ']' after a value", offset: -1) }
            cursor.skipBlanks()
        }
        return parts.joined(separator: " ")
    }

    // MARK: - Strings

    private enum StringBytes {
        /// The string had no escapes: its bytes are this part of the line.
        case slice(UnsafeBufferPointer<UInt8>)
        /// The string had escapes: its unescaped bytes are in `scratch`.
        case scratch
    }

    private mutating func readString(_ cursor: inout Cursor, replacements: inout Int) throws(JSONLineError) -> String {
        let decoded: (text: String, replacements: Int)
        switch try readStringBytes(&cursor, replacements: &replacements) {
        case .slice(let slice): decoded = UTF8Text.decode(slice)
        case .scratch: decoded = scratch.withUnsafeBufferPointer { UTF8Text.decode($0) }
        }
        replacements += decoded.replacements
        return decoded.text
    }

    /// Reads a string literal starting at its opening quote. Raw bytes are passed through
    /// unchecked (UTF-8 validation happens when the string is decoded).
    private mutating func readStringBytes(_ cursor: inout Cursor, replacements: inout Int) throws(JSONLineError) -> StringBytes {
        cursor.advance()  // opening quote
        let start = cursor.position
        let bytes = cursor.bytes
        let index = JSONStringScanner.firstSpecialByte(in: bytes, from: start)
        guard index < bytes.count else {
            cursor.position = bytes.count
            throw cursor.error("unterminated string")
        }
        if bytes[index] == 0x22 {
            cursor.position = index + 1
            return .slice(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
        if bytes[index] != 0x5C {
            cursor.position = index
            throw cursor.error("unescaped control character in a string")
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        cursor.position = index
        try unescapeRest(&cursor, replacements: &replacements)
        return .scratch
    }

    /// Continues a string at a backslash, appending unescaped bytes to `scratch` up to and
    /// including the closing quote (which is consumed, not appended).
    private mutating func unescapeRest(_ cursor: inout Cursor, replacements: inout Int) throws(JSONLineError) {
        let bytes = cursor.bytes
        var runStart = cursor.position
        while true {
            let index = JSONStringScanner.firstSpecialByte(in: bytes, from: runStart)
            guard index < bytes.count else {
                cursor.position = bytes.count
                throw cursor.error("unterminated string")
            }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            cursor.position = index
            switch bytes[index] {
            case 0x22:
                cursor.advance()
                return
            case 0x5C:
                try unescapeOne(&cursor, replacements: &replacements)
                runStart = cursor.position
            default:
                throw cursor.error("unescaped control character in a string")
            }
        }
    }

    /// Decodes the escape sequence at the cursor (which points at the backslash).
    private mutating func unescapeOne(_ cursor: inout Cursor, replacements: inout Int) throws(JSONLineError) {
        cursor.advance()
        guard let kind = cursor.peek() else { throw cursor.error("unterminated string") }
        cursor.advance()
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(kind)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try cursor.readHex4()
            var scalar = Unicode.Scalar(unit)
            if (0xD800...0xDBFF).contains(unit), cursor.hasPrefix("\\u") {
                var lookahead = cursor
                lookahead.advance(by: 2)
                let low = try lookahead.readHex4()
                if (0xDC00...0xDFFF).contains(low) {
                    scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
                    cursor = lookahead
                }
            }
            if scalar == nil { replacements += 1 }
            appendUTF8(scalar ?? "\u{FFFD}")
        default:
            throw cursor.error("invalid escape sequence", offset: -2)
        }
    }

    private mutating func appendUTF8(_ scalar: Unicode.Scalar) {
        for unit in UTF8.encode(scalar)! { scratch.append(unit) }
    }

    // MARK: - Skipping values

    private mutating func skipValue(_ cursor: inout Cursor, depth: Int) throws(JSONLineError) {
        guard let byte = cursor.peek() else { throw cursor.error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            var ignored = 0
            _ = try readStringBytes(&cursor, replacements: &ignored)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber(&cursor)
        case UInt8(ascii: "t"): try cursor.expectLiteral("true")
        case UInt8(ascii: "f"): try cursor.expectLiteral("false")
        case UInt8(ascii: "n"): try cursor.expectLiteral("null")
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw cursor.error("nesting too deep") }
            try skipContainer(&cursor, isObject: byte == UInt8(ascii: "{"), depth: depth + 1)
        default:
            throw cursor.error("expected a value")
        }
    }

    private mutating func skipContainer(_ cursor: inout Cursor, isObject: Bool, depth: Int) throws(JSONLineError) {
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        cursor.advance()
        cursor.skipBlanks()
        if cursor.peek() == close {
            cursor.advance()
            return
        }
        while true {
            if isObject {
                guard cursor.peek() == UInt8(ascii: "\"") else { throw cursor.error("expected a string key") }
                var ignored = 0
                _ = try readStringBytes(&cursor, replacements: &ignored)
                cursor.skipBlanks()
                guard cursor.peek() == UInt8(ascii: ":") else { throw cursor.error("expected ':' after the key") }
                cursor.advance()
                cursor.skipBlanks()
            }
            try skipValue(&cursor, depth: depth)
            cursor.skipBlanks()
            guard let separator = cursor.peek() else { throw cursor.error(isObject ? "unterminated object" : "unterminated array") }
            cursor.advance()
            if separator == close { return }
            guard separator == UInt8(ascii: ",") else {
                throw cursor.error(isObject ? "expected ',' or '}' after a value" : "expected ',' or ']' after a value", offset: -1)
            }
            cursor.skipBlanks()
        }
    }

    /// Skips a number, enforcing JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private func skipNumber(_ cursor: inout Cursor) throws(JSONLineError) {
        if cursor.peek() == UInt8(ascii: "-") { cursor.advance() }
        guard let first = cursor.peek(), Cursor.isDigit(first) else { throw cursor.error("invalid number") }
        cursor.advance()
        if first != UInt8(ascii: "0") { cursor.skipDigits() }
        if cursor.peek() == UInt8(ascii: ".") {
            cursor.advance()
            guard cursor.skipDigits() > 0 else { throw cursor.error("invalid number") }
        }
        if cursor.peek() == UInt8(ascii: "e") || cursor.peek() == UInt8(ascii: "E") {
            cursor.advance()
            if cursor.peek() == UInt8(ascii: "+") || cursor.peek() == UInt8(ascii: "-") { cursor.advance() }
            guard cursor.skipDigits() > 0 else { throw cursor.error("invalid number") }
        }
        if let next = cursor.peek(), Cursor.isDigit(next) { throw cursor.error("invalid number") }
    }
}

/// A read position in one line.
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    var isAtEnd: Bool { position >= bytes.count }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func advance(by count: Int = 1) { position += count }

    mutating func skipBlanks() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Skips decimal digits and returns how many there were.
    @discardableResult
    mutating func skipDigits() -> Int {
        let start = position
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        return position - start
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    func hasPrefix(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != text.utf8Start[offset] { return false }
        return true
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONLineError) {
        guard hasPrefix(literal) else { throw error("invalid literal (expected \(literal))") }
        position += literal.utf8CodeUnitCount
    }

    /// Reads the four hex digits of a `\u` escape.
    mutating func readHex4() throws(JSONLineError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    func error(_ reason: String, offset: Int = 0) -> JSONLineError {
        JSONLineError(reason: reason, column: max(0, position + offset) + 1)
    }
}
