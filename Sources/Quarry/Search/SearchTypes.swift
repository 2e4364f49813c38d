/// How a search runs.
public struct SearchOptions: Sendable, Hashable {
    /// How many hits to return (0 ... ``Searcher/maximumHits``).
    public var limit: Int
    /// Hits to skip before the first returned one (paging).
    public var offset: Int
    /// How bare words combine in query text: OR (any) or AND (all).
    public var mode: Query.Mode
    /// BM25 parameters; nil uses the index's defaults.
    public var bm25: BM25?
    /// Count every matching document. Without it the total is exact up to
    /// ``Searcher/exactTotalLimit`` matches and a lower bound above.
    public var countTotal: Bool
    /// Disable pruning (for testing and measurement; results are identical).
    public var exhaustive: Bool
    /// Without `countTotal`, matches are counted up to this many (the total is exact below it and a
    /// lower bound above). 0 counts nothing: the total is then the number of hits collected, a lower
    /// bound when the page is full (what benchmarks of top-k collection use).
    public var totalCountLimit: Int = Searcher.exactTotalLimit
    /// Per field, how much a bare word's match there adds on top of its match in the whole text
    /// (fields not listed: ``defaultTitleWeight`` for `title`, ``defaultExtraFieldWeight`` for an
    /// extra text field). 0 turns a field's extra score off; an extra field of weight 0 is not
    /// searched by bare words at all.
    public var fieldWeights: [String: Float] = [:]
    /// Per field, BM25's length normalisation `b` (fields not listed use `bm25.b`).
    public var fieldB: [String: Float] = [:]

    /// The title's default weight, chosen by measurement on the judged collections (see the README).
    public static let defaultTitleWeight: Float = 0.5
    /// An extra text field's default weight: a bare word's match there counts like one in the text.
    public static let defaultExtraFieldWeight: Float = 1

    public init(limit: Int = 10, offset: Int = 0, mode: Query.Mode = .any, bm25: BM25? = nil, countTotal: Bool = false,
                exhaustive: Bool = false) {
        self.limit = limit
        self.offset = offset
        self.mode = mode
        self.bm25 = bm25
        self.countTotal = countTotal
        self.exhaustive = exhaustive
    }

    /// Throws ``QuarryError/badQuery(_:)`` for numbers out of range.
    func validate() throws {
        guard totalCountLimit >= 0 else { throw QuarryError.badQuery("totalCountLimit must be ≥ 0") }
        guard limit >= 0, offset >= 0, limit <= Searcher.maximumHits, offset <= Searcher.maximumHits - limit else {
            throw QuarryError.badQuery("limit and offset must be ≥ 0 with limit + offset ≤ \(Searcher.maximumHits)")
        }
        if let bm25 {
            guard bm25.k1.isFinite, bm25.k1 >= 0, bm25.b.isFinite, (0...1).contains(bm25.b) else {
                throw QuarryError.badQuery("BM25 needs k1 ≥ 0 and b in 0...1")
            }
        }
        for (field, weight) in fieldWeights where !(weight.isFinite && weight >= 0 && weight <= 1000) {
            throw QuarryError.badQuery("the weight of \(field) must be a number from 0 to 1000")
        }
        for (field, b) in fieldB where !(b.isFinite && (0...1).contains(b)) {
            throw QuarryError.badQuery("b of \(field) must be between 0 and 1")
        }
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
    /// The number of matching documents: exact, or a lower bound when `totalIsLowerBound`.
    public var total: Int
    /// True when more documents match than `total` says (totals are exact up to 1,000 by default).
    public var totalIsLowerBound: Bool
    /// True when the query can match no document by its form (only exclusions).
    public var matchesNothing: Bool
}

/// A query analyzed with the index's analyzer and a search's options, ready to run
/// (``Searcher/prepare(_:options:)``).
public struct PreparedQuery: @unchecked Sendable {
    // Immutable values only (the analyzed tree holds arrays and numbers).
    public let query: Query
    public let options: SearchOptions
    let analyzed: AnalyzedQuery
}
