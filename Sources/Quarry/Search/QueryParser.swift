/// Turns query text into a ``Query`` tree.
///
/// The grammar (see the Query Syntax article): words, `"phrases"` and `"phrases"~N`, `+required`,
/// `-excluded`, `AND` / `OR` / `NOT` (upper case) with parentheses, `field:word`, `field:"phrase"`,
/// `field:(…)`, `prefix*`, `word^2`, `(group)^0.5` and backslash escapes. Bare words are joined by the
/// default operator. Analysis happens when the query runs, with the index's analyzer.
public struct QueryParser: Sendable {
    public let analyzer: Analyzer
    /// The field names `field:` may use.
    public let fields: Set<String>

    public init(analyzer: Analyzer, fields: Set<String> = []) {
        self.analyzer = analyzer
        self.fields = fields
    }

    /// Parses `text`. Throws ``QuerySyntaxError`` (with the column) for malformed queries and
    /// ``QuarryError/badQuery(_:)`` for an empty one.
    public func parse(_ text: String, mode: Query.Mode = .any) throws -> Query {
        if text.allSatisfy(\.isWhitespace) { throw QuarryError.badQuery("the query is empty") }
        var parser = QueryLanguageParser(text, defaultMode: mode, fields: fields)
        return try parser.parse()
    }

    /// A query that ORs (`.any`) or ANDs (`.all`) the words of `text`, taking no character as
    /// syntax (for query logs and natural-language questions).
    public static func words(_ text: String, mode: Query.Mode = .any) -> Query {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map { Query.term(String($0)) }
        if words.count == 1 { return words[0] }
        return mode == .any ? .boolean(should: words) : .boolean(must: words)
    }
}
