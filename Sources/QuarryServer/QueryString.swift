import Foundation

/// The parameters of a URL's query string (`a=1&b=two+words`), decoded as HTML forms encode them:
/// `+` is a space and `%XX` a byte; the decoded bytes must be UTF-8.
struct QueryString: Sendable {
    private(set) var values: [String: String] = [:]

    /// Parses `query` (the part after `?`, or nil for none). A name given twice, a name that is
    /// empty, a bad `%` escape or bytes that are not UTF-8 are a 400 error.
    init(_ query: String?) throws(APIError) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            guard !name.isEmpty else { throw .badRequest("a query parameter has no name") }
            guard values[name] == nil else { throw .badRequest("query parameter '\(name)' is given more than once") }
            values[name] = value
        }
    }

    subscript(name: String) -> String? { values[name] }

    /// Fails with 400 naming the first parameter not in `allowed`.
    func check(allowed: Set<String>) throws(APIError) {
        if let unknown = values.keys.sorted().first(where: { !allowed.contains($0) }) {
            let list = allowed.sorted().joined(separator: ", ")
            throw .badRequest(allowed.isEmpty ? "unknown query parameter '\(unknown)': this endpoint takes none"
                                              : "unknown query parameter '\(unknown)' (allowed: \(list))")
        }
    }

    /// Percent-decodes one name or value, `+` read as a space.
    static func decode(_ text: Substring, plusIsSpace: Bool = true) throws(APIError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .badRequest("bad percent escape in the URL (expected % and two hex digits)")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let decoded = String(bytes: bytes, encoding: .utf8) else {
            throw .badRequest("the URL does not decode to UTF-8 text")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
