import Quarry

/// One hit as `quarry search` shows it.
struct ShownHit {
    var hit: Hit
    var document: StoredDocument
    var snippet: Snippet
    /// Present with --explain.
    var explanation: Explanation?
}

/// The `quarry search --json` object, keys in a fixed order: query, total, total_is_lower_bound,
/// took_us, hits; each hit rank, score, id, title, snippet and, with --explain, explanation.
enum SearchReport {
    static func json(query: String, results: SearchResults, tookMicroseconds: Int, hits: [ShownHit]) -> OrderedJSON {
        .object([
            ("query", .string(query)),
            ("total", .int(results.total)),
            ("total_is_lower_bound", .bool(results.totalIsLowerBound)),
            ("took_us", .int(tookMicroseconds)),
            ("hits", .array(hits.map(json))),
        ])
    }

    private static func json(_ shown: ShownHit) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("rank", .int(shown.hit.rank)),
            ("score", .double((Double(shown.hit.score) * 1e4).rounded() / 1e4)),
            ("id", .string(shown.document.id)),
            ("title", .string(shown.document.title)),
            ("snippet", .string(shown.snippet.text)),
        ]
        if let explanation = shown.explanation { members.append(("explanation", OrderedJSON(explanation))) }
        return .object(members)
    }
}
