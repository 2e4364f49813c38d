import Foundation
import Quarry

/// Reads the body of `POST /documents`: one JSON object (possibly spread over several lines), or
/// JSON Lines (one object a line, blank lines ignored).
///
/// Each object is read by the rules `quarry index` applies to a JSON Lines record
/// (``JSONLRecordParser``, the same code): `id` a string (or a number, kept as written), `title`
/// and `body` strings or null, the index's extra text fields as text (a string as it is, an
/// array's strings joined with spaces, any other value empty), other members ignored. Beyond those
/// rules the server refuses an id longer than its limit, and text that is not UTF-8 (or an unpaired
/// surrogate escape) instead of replacing it.
enum DocumentPayload {
    /// The documents in `bytes`, with the values of `extraFields`, or a 400 error naming the
    /// problem and where it is (`line N:` when the body has more than one line, and the column).
    static func parse(_ bytes: [UInt8], extraFields: [String], maximumIDLength: Int) throws(APIError) -> [SourceDocument] {
        // A UTF-8 byte-order mark is skipped, as at the start of a JSON Lines file.
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let lines = splitLines(bytes, from: start)
        if lines.isEmpty { throw .badRequest("the body is empty: send one JSON object or JSON Lines of {\"id\", \"title\", \"body\"}") }
        var parser = JSONLRecordParser(extraFields: extraFields)
        let multiline = lines.count > 1
        if !multiline || (try? JSONSerialization.jsonObject(with: Data(bytes[start...]))) is [String: Any] {
            // One object (possibly spread over several lines).
            return [try document(bytes, start..<bytes.count, line: nil, numbered: multiline, parser: &parser, maximumIDLength: maximumIDLength)]
        }
        var documents: [SourceDocument] = []
        documents.reserveCapacity(lines.count)
        for (number, line) in lines {
            documents.append(try document(bytes, line, line: number, numbered: true, parser: &parser, maximumIDLength: maximumIDLength))
        }
        return documents
    }

    /// Non-blank lines from `start` with their 1-based numbers.
    private static func splitLines(_ bytes: [UInt8], from start: Int) -> [(Int, Range<Int>)] {
        var result: [(Int, Range<Int>)] = []
        var lineStart = start
        var number = 1
        func finish(_ end: Int) {
            if bytes[lineStart..<end].contains(where: { !isBlank($0) }) { result.append((number, lineStart..<end)) }
        }
        for i in start..<bytes.count where bytes[i] == UInt8(ascii: "\n") {
            finish(i)
            lineStart = i + 1
            number += 1
        }
        finish(bytes.count)
        return result
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The document in `bytes[range]`: line `line` of JSON Lines, or (nil) the whole body. With
    /// `numbered`, the body has several lines and a syntax error names the line it is on.
    private static func document(_ bytes: [UInt8], _ range: Range<Int>, line: Int?, numbered: Bool,
                                 parser: inout JSONLRecordParser, maximumIDLength: Int) throws(APIError) -> SourceDocument {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONLineError) in try parser.parse(UnsafeBufferPointer(rebasing: buffer[range])) }
        }
        let at = line.map { "line \($0): " } ?? ""
        let parsed: (document: SourceDocument, replacedInvalidBytes: Int)
        switch result {
        case .success(let value): parsed = value
        case .failure(let error): throw .badRequest(describe(error, in: bytes, range, line: line ?? 1, numbered: numbered))
        }
        guard parsed.replacedInvalidBytes == 0 else {
            throw .badRequest("\(at)the text is not valid UTF-8 (or holds an unpaired \\u surrogate escape)")
        }
        guard parsed.document.id.unicodeScalars.count <= maximumIDLength else {
            throw .badRequest("\(at)\"id\" is longer than \(maximumIDLength) characters")
        }
        return parsed.document
    }

    /// `error` with its place in the body: the line (when the body has several) and the column in it.
    private static func describe(_ error: JSONLineError, in bytes: [UInt8], _ range: Range<Int>, line: Int, numbered: Bool) -> String {
        // The parser counts columns in bytes from the start of `range`, which may span lines.
        let offset = min(range.lowerBound + error.column - 1, range.upperBound)
        var line = line
        var lineStart = range.lowerBound
        for i in range.lowerBound..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        let column = offset - lineStart + 1
        return (numbered ? "line \(line): " : "") + "\(error.reason) (column \(column))"
    }
}
