import Foundation
import Quarry

/// Reads the body of `POST /documents`: one JSON object, or JSON Lines (one object a line, blank
/// lines ignored), each `{"id": "…", "title": "…", "body": "…"}` with `title` and `body` optional.
enum DocumentPayload {
    static let keys: Set<String> = ["id", "title", "body"]

    /// The documents in `bytes`, or a 400 error naming the line (for JSON Lines) and the problem.
    static func parse(_ bytes: [UInt8], maximumIDLength: Int) throws(APIError) -> [SourceDocument] {
        let lines = splitLines(bytes)
        if lines.isEmpty { throw .badRequest("the body is empty: send one JSON object or JSON Lines of {\"id\", \"title\", \"body\"}") }
        if lines.count == 1 || (try? JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any] {
            // One object (possibly spread over several lines).
            return [try document(Data(bytes), line: nil, maximumIDLength: maximumIDLength)]
        }
        var documents: [SourceDocument] = []
        documents.reserveCapacity(lines.count)
        for (number, line) in lines {
            documents.append(try document(Data(bytes[line]), line: number, maximumIDLength: maximumIDLength))
        }
        return documents
    }

    /// Non-blank lines with their 1-based numbers.
    private static func splitLines(_ bytes: [UInt8]) -> [(Int, Range<Int>)] {
        var result: [(Int, Range<Int>)] = []
        var start = 0
        var number = 1
        func finish(_ end: Int) {
            if bytes[start..<end].contains(where: { !isBlank($0) }) { result.append((number, start..<end)) }
        }
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            finish(i)
            start = i + 1
            number += 1
        }
        finish(bytes.count)
        return result
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func document(_ data: Data, line: Int?, maximumIDLength: Int) throws(APIError) -> SourceDocument {
        let at = line.map { "line \($0): " } ?? ""
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .badRequest("\(at)malformed JSON: \(reason(error))")
        }
        guard let object = value as? [String: Any] else {
            throw .badRequest("\(at)expected a JSON object {\"id\", \"title\", \"body\"}")
        }
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw .badRequest("\(at)unknown key \"\(unknown)\" (a document has id, title and body)")
        }
        guard let id = object["id"] as? String else {
            throw .badRequest(object["id"] == nil ? "\(at)missing \"id\"" : "\(at)\"id\" must be a string")
        }
        guard !id.isEmpty else { throw .badRequest("\(at)\"id\" must not be empty") }
        guard id.unicodeScalars.count <= maximumIDLength else { throw .badRequest("\(at)\"id\" is longer than \(maximumIDLength) characters") }
        func text(_ key: String) throws(APIError) -> String {
            guard let raw = object[key] else { return "" }
            guard let string = raw as? String else { throw .badRequest("\(at)\"\(key)\" must be a string") }
            return string
        }
        return SourceDocument(id: id, title: try text("title"), body: try text("body"))
    }

    /// The parser's own words, without Foundation's wrapping.
    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }
}
