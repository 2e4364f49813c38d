/// A query: a tree of terms, phrases, prefixes and boolean combinations, as Swift values.
///
/// Text in the tree is what a user would type (`.term("Running")`); the searcher analyzes it with the
/// index's analyzer, so a word that the analyzer splits or stems is handled the same way as in the
/// query language. `QueryParser` builds the same tree from query text.
///
/// ```swift
/// let query = Query.boolean(must: [.term("python")], should: [.phrase("string format")],
///                           mustNot: [.term("java", field: "title")])
/// ```
public indirect enum Query: Sendable, Hashable {
    /// How bare words combine when the query text gives no operator.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// A document matches if any clause matches; scores add up (OR).
        case any
        /// Every clause must match (AND).
        case all
    }

    /// A word, in one field or (field nil) in the index's default text field.
    case term(String, field: String? = nil)
    /// Words that must appear in order; `slop` is how many position moves a match may need.
    case phrase(String, field: String? = nil, slop: Int = 0)
    /// Every term that starts with the normalized prefix (not stemmed). Matches score a constant 1.
    case prefix(String, field: String? = nil)
    /// Boolean combination.
    case boolean(BooleanQuery)
    /// Multiplies the inner query's scores.
    case boost(Query, Float)
    /// Matches what the inner query matches, with the given score.
    case constantScore(Query, Float)

    /// A boolean combination of clauses.
    public static func boolean(must: [Query] = [], should: [Query] = [], mustNot: [Query] = [], filter: [Query] = [],
                               minimumShouldMatch: Int = 0) -> Query {
        .boolean(BooleanQuery(must: must, should: should, mustNot: mustNot, filter: filter,
                              minimumShouldMatch: minimumShouldMatch))
    }

    /// Every word of a query, depth first (for snippets and highlighting).
    public var words: [String] {
        switch self {
        case .term(let text, _), .phrase(let text, _, _), .prefix(let text, _): return [text]
        case .boolean(let b): return (b.must + b.should + b.filter).flatMap(\.words)
        case .boost(let inner, _), .constantScore(let inner, _): return inner.words
        }
    }
}

/// Clauses of a boolean query (the roles of Lucene's `BooleanClause.Occur`).
///
/// A document matches when it matches every `must` and `filter` clause, no `mustNot` clause, and at
/// least `minimumShouldMatch` `should` clauses — at least one when there are no `must` or `filter`
/// clauses and `minimumShouldMatch` is 0. Its score is the sum of the matching `must` and `should`
/// clauses' scores; `filter` and `mustNot` clauses do not score.
public struct BooleanQuery: Sendable, Hashable {
    public var must: [Query]
    public var should: [Query]
    public var mustNot: [Query]
    public var filter: [Query]
    public var minimumShouldMatch: Int

    public init(must: [Query] = [], should: [Query] = [], mustNot: [Query] = [], filter: [Query] = [],
                minimumShouldMatch: Int = 0) {
        self.must = must
        self.should = should
        self.mustNot = mustNot
        self.filter = filter
        self.minimumShouldMatch = minimumShouldMatch
    }

    /// Should clauses a match needs.
    var requiredShouldCount: Int {
        minimumShouldMatch > 0 ? minimumShouldMatch : (must.isEmpty && filter.isEmpty ? 1 : 0)
    }
}
