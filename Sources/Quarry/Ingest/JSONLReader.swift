/// One line's outcome when reading JSON Lines.
public enum JSONLRecord: Sendable, Hashable {
    /// A well-formed record from 1-based line `line`. `lineBytes` is the line's length without
    /// its line break; `replacedInvalidBytes` counts U+FFFD replacements made while decoding it.
    case document(SourceDocument, line: Int, lineBytes: Int, replacedInvalidBytes: Int)
    /// A line that is not a valid record; reading goes on with the next line.
    case malformed(line: Int, reason: String)
}

/// Streams a JSON Lines file (plain, or gzip-compressed) one record at a time.
///
/// Each line is an object `{"id": ..., "title": ..., "body": ...}` (see ``JSONLineError`` for
/// what is rejected). Blank lines are ignored, and so is a UTF-8 byte-order mark at the start of
/// the file. A gzip file may hold several members one after another; they are read as one text. Memory use is bounded by the longest line.
public struct JSONLReader: Sendable {
    /// The file to read.
    public var path: String
    /// Whether the file is gzip-compressed; by default, when its name ends in `.gz`.
    public var isCompressed: Bool
    /// Lines longer than this many bytes are reported as malformed without being parsed.
    public var maxLineBytes: Int
    /// Members read as extra text fields into ``SourceDocument/fields`` (see ``JSONLRecordParser``).
    public var extraFields: [String]

    public init(path: String, isCompressed: Bool? = nil, maxLineBytes: Int = 256 << 20, extraFields: [String] = []) {
        self.path = path
        self.extraFields = extraFields
        self.isCompressed = isCompressed ?? path.lowercased().hasSuffix(".gz")
        self.maxLineBytes = maxLineBytes
    }

    /// Calls `body` for every non-blank line, in file order.
    /// - Throws: ``IngestError`` when the file cannot be opened or read (records read before
    ///   the failure have been delivered), or whatever `body` throws.
    public func forEach(_ body: (JSONLRecord) throws -> Void) throws {
        _ = try forEach(hashing: false, body)
    }

    /// ``forEach(_:)``; with `hashing`, also returns the `ContentHash` of an uncompressed file's
    /// bytes, read to the end (nil for a compressed file or without `hashing`).
    func forEach(hashing: Bool, _ body: (JSONLRecord) throws -> Void) throws -> UInt64? {
        let stream = try ByteStream(path: path, gzip: isCompressed, hashing: hashing)
        let reader = LineReader(stream: stream, maxLineBytes: maxLineBytes)
        var parser = JSONLRecordParser(extraFields: extraFields)
        while let line = try reader.next() {
            switch line {
            case .tooLong(let count):
                try body(.malformed(line: reader.lineNumber, reason: "line too long (\(count) bytes, limit \(maxLineBytes))"))
            case .text(var bytes):
                if reader.lineNumber == 1 { bytes = Self.droppingByteOrderMark(bytes) }
                if Self.isBlank(bytes) { continue }
                let parsed: (document: SourceDocument, replacedInvalidBytes: Int)
                do {
                    parsed = try parser.parse(bytes)
                } catch {
                    try body(.malformed(line: reader.lineNumber, reason: error.description))
                    continue
                }
                try body(.document(parsed.document, line: reader.lineNumber, lineBytes: bytes.count, replacedInvalidBytes: parsed.replacedInvalidBytes))
            }
        }
        return stream.contentHash?.finalize()
    }

    /// `bytes` without a leading UTF-8 byte-order mark (`EF BB BF`).
    private static func droppingByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF else { return bytes }
        return UnsafeBufferPointer(rebasing: bytes[3...])
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

/// Reads one JSON Lines record into a ``SourceDocument``, by the rules ``JSONLReader`` applies to
/// every line of a file (and `quarry serve` to every posted document).
///
/// The record is one JSON object, optionally surrounded by blanks. `id` must be a string or a
/// number (a number's text is kept as written) and not empty; `title` and `body` must be strings
/// or `null` and default to empty. The members named in ``extraFields`` become
/// ``SourceDocument/fields``: a string as it is, an array's strings joined with single spaces (its
/// other elements skipped), anything else (or a missing member) empty. Other members are checked
/// for valid JSON and ignored. A repeated member keeps its last value. Invalid UTF-8 in strings
/// and unpaired surrogate escapes become U+FFFD and are counted rather than rejected.
public struct JSONLRecordParser {
    /// The members read as extra text fields, in the index's order.
    public let extraFields: [String]
    private var parser: JSONLineParser

    public init(extraFields: [String] = []) {
        self.extraFields = extraFields
        parser = JSONLineParser(extraFields: extraFields)
    }

    /// Parses one record.
    /// - Returns: the document, and how many invalid UTF-8 sequences or unpaired surrogate
    ///   escapes became U+FFFD.
    public mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONLineError) -> (document: SourceDocument, replacedInvalidBytes: Int) {
        let parsed = try parser.parse(bytes)
        var fields: [String: String] = [:]
        for (name, value) in zip(extraFields, parsed.fields) where !value.isEmpty { fields[name] = value }
        return (SourceDocument(id: parsed.id, title: parsed.title, body: parsed.body, fields: fields), parsed.replacements)
    }
}
