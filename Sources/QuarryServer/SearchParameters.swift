import Quarry

/// The validated query parameters of `GET /search`.
struct SearchParameters: Sendable, Equatable {
    static let names: Set<String> = ["q", "k", "offset", "all", "explain"]

    var q: String
    var k = 10
    var offset = 0
    var all = false
    var explain = false

    /// Parameters given directly (no checks): query `q`, the rest at their defaults.
    init(q: String) {
        self.q = q
    }

    /// Reads and checks every parameter: unknown names, a missing or too long `q`, numbers that are
    /// not whole or out of range and booleans other than true/false are 400 errors.
    init(_ query: QueryString, limits: ServerLimits) throws(APIError) {
        try query.check(allowed: Self.names)
        guard let q = query["q"] else { throw .badRequest("missing query parameter 'q' (the query text)") }
        guard q.contains(where: { !$0.isWhitespace }) else { throw .badRequest("the query 'q' is empty") }
        guard q.unicodeScalars.count <= limits.maximumQueryLength else {
            throw .badRequest("the query 'q' is longer than \(limits.maximumQueryLength) characters")
        }
        self.q = q
        if let text = query["k"] { k = try Self.number(text, name: "k", in: 1...limits.maximumK) }
        if let text = query["offset"] { offset = try Self.number(text, name: "offset", in: 0...limits.maximumOffset) }
        if let text = query["all"] { all = try Self.flag(text, name: "all") }
        if let text = query["explain"] { explain = try Self.flag(text, name: "explain") }
    }

    /// A whole number in decimal digits within `range`.
    static func number(_ text: String, name: String, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let value = Int(text), range.contains(value) else {
            throw .badRequest("'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text.prefix(40))'")
        }
        return value
    }

    static func flag(_ text: String, name: String) throws(APIError) -> Bool {
        switch text {
        case "true": return true
        case "false": return false
        default: throw .badRequest("'\(name)' must be true or false, got '\(text.prefix(40))'")
        }
    }
}
