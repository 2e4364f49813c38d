import Quarry

/// One hit as `quarry search` shows it.
public struct ShownHit: Sendable {
    public var hit: Hit
    public var document: StoredDocument
    public var snippet: Snippet
    /// Present with --explain.
    public var explanation: Explanation?

    public init(hit: Hit, document: StoredDocument, snippet: Snippet, explanation: Explanation? = nil) {
        self.hit = hit
        self.document = document
        self.snippet = snippet
        self.explanation = explanation
    }
}

/// The `quarry search --json` object (also the body of the server's `GET /search`), keys in a fixed
/// order: query, total, total_is_lower_bound, took_us, hits; each hit rank, score, id, title,
/// fields (in an index with extra text fields), snippet, highlights and, with --explain, explanation.
public enum SearchReport {
    public static func json(query: String, results: SearchResults, tookMicroseconds: Int, hits: [ShownHit]) -> OrderedJSON {
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
        ]
        if let fields = DocumentReport.fields(shown.document) { members.append(("fields", fields)) }
        members += [
            ("snippet", .string(shown.snippet.text)),
            ("highlights", .array(highlights(shown.snippet).map { .array([.int($0.lowerBound), .int($0.upperBound)]) })),
        ]
        if let explanation = shown.explanation { members.append(("explanation", OrderedJSON(explanation))) }
        return .object(members)
    }

    /// The matched words of a snippet as half-open ranges of UTF-16 code units into its text (how
    /// JavaScript and most UI toolkits index strings), in order and not overlapping.
    public static func highlights(_ snippet: Snippet) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var offset = 0
        for fragment in snippet.fragments {
            let length = fragment.text.utf16.count
            if fragment.isMatch && length > 0 {
                if let last = ranges.last, last.upperBound == offset {
                    ranges[ranges.count - 1] = last.lowerBound..<offset + length  // adjacent matches read as one
                } else {
                    ranges.append(offset..<offset + length)
                }
            }
            offset += length
        }
        return ranges
    }
}
