/// How a search runs.
public struct SearchOptions: Sendable, Hashable {
    /// How many hits to return.
    public var limit: Int
    /// OR (any term) or AND (every term).
    public var mode: Query.Mode
    /// BM25 parameters; nil uses the index's defaults.
    public var bm25: BM25?
    /// Count every matching document (`SearchResults.total`). Costs a full pass over OR queries.
    public var countTotal: Bool
    /// Disable pruning (for testing and measurement; results are identical).
    public var exhaustive: Bool

    public init(limit: Int = 10, mode: Query.Mode = .any, bm25: BM25? = nil, countTotal: Bool = true, exhaustive: Bool = false) {
        self.limit = limit
        self.mode = mode
        self.bm25 = bm25
        self.countTotal = countTotal
        self.exhaustive = exhaustive
    }
}

/// One ranked result.
public struct Hit: Sendable, Hashable {
    /// 1-based rank.
    public var rank: Int
    /// The index-wide document number (stable for a given commit).
    public var doc: Int
    public var score: Float
}

/// The outcome of a search.
public struct SearchResults: Sendable {
    public var query: Query
    /// The hits, best first.
    public var hits: [Hit]
    /// The number of matching documents, when counted.
    public var total: Int?
}
