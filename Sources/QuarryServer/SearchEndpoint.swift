import Foundation
import Quarry
import QuarryJSON

/// `GET /search`: runs a query on the current snapshot and answers the JSON of
/// `quarry search --json` (see ``SearchReport``).
enum SearchEndpoint {
    static func run(_ parameters: SearchParameters, on snapshot: IndexSnapshot) throws(APIError) -> OrderedJSON {
        try run(parameters, searcher: snapshot.searcher).json
    }

    /// The answer and its number of hits.
    static func run(_ parameters: SearchParameters, searcher: Searcher) throws(APIError) -> (json: OrderedJSON, hits: Int) {
        let started = ContinuousClock.now
        do {
            let mode: Query.Mode = parameters.all ? .all : .any
            let parsed = try searcher.parser.parse(parameters.q, mode: mode)
            let options = SearchOptions(limit: parameters.k, offset: parameters.offset, mode: mode)
            let results = try searcher.search(parsed, options: options)
            let terms = searcher.highlightTerms(parsed)
            let snippets = SnippetBuilder(analyzer: searcher.reader.analyzer)
            var shown: [ShownHit] = []
            shown.reserveCapacity(results.hits.count)
            let explanations = parameters.explain ? try searcher.explain(parsed, hits: results.hits, options: options) : nil
            for (i, hit) in results.hits.enumerated() {
                // Only the part of the body a snippet looks at is read (a huge document costs no more).
                let (document, snippet) = try snippets.snippet(for: hit, in: searcher, terms: terms)
                shown.append(ShownHit(hit: hit, document: document, snippet: snippet, explanation: explanations?[i]))
            }
            let took = started.duration(to: .now)
            let micros = Int(took.components.seconds) * 1_000_000 + Int(took.components.attoseconds / 1_000_000_000_000)
            return (SearchReport.json(query: parameters.q, results: results, tookMicroseconds: micros, hits: shown), shown.count)
        } catch {
            throw APIError.from(error)
        }
    }
}

/// The work of one `GET /search` past HTTP (parameters already read): the query parsed, searched
/// with the server's options, a snippet for each hit, and the answer encoded as JSON text. For
/// `quarry bench --snippets`, which times it on one thread.
public enum SearchRequestWork {
    /// The JSON text `GET /search?q=…&k=…&all=…` answers, and its number of hits.
    /// - Throws: what the request would answer with an error status (a query that does not parse, say).
    public static func answer(q: String, k: Int = 10, all: Bool = false, searcher: Searcher) throws -> (text: String, hits: Int) {
        var parameters = SearchParameters(q: q)
        parameters.k = k
        parameters.all = all
        let (json, hits) = try SearchEndpoint.run(parameters, searcher: searcher)
        return (json.text, hits)
    }
}

extension APIError {
    /// The answer for an error from the engine: a query the user got wrong is 400 (with the column
    /// for a syntax error); a damaged index or failed read is 500.
    static func from(_ error: Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as QuerySyntaxError: return .badRequest(error.message, column: error.column)
        case QuarryError.badQuery(let message): return .badRequest(message)
        case QuarryError.limitExceeded(let message): return .badRequest(message)
        default: return APIError(.internalServerError, "\(error)")
        }
    }
}
