import ArgumentParser
import Quarry

/// Runs every query of a query list and writes the hits as a TREC run:
/// `qid Q0 docid rank score name`, where docid is the document's stored id.
struct TRECRunWriter {
    var searcher: Searcher
    /// The options of every search (its limit is the depth of the run).
    var options: SearchOptions
    /// The run's name, the last field of every line.
    var runID: String

    /// Writes the run for `queries` to standard output, one search per query, in list order.
    ///
    /// A query with nothing searchable in it (or malformed) gets no lines (with a warning on standard error);
    /// any other failure stops the run. Scores are printed in full (shortest exact form), so
    /// ties in the run are ties in the ranking.
    func write(_ queries: QueryList) throws {
        for query in queries.queries {
            let results: SearchResults
            do {
                results = try searcher.search(query.text, options: options)
            } catch QuarryError.badQuery(let reason) {
                Terminal.warning("query \(query.id) (line \(query.line)) has no results: \(reason)")
                continue
            } catch let error as QuerySyntaxError {
                Terminal.warning("query \(query.id) (line \(query.line)) has no results: \(error)")
                continue
            }
            for hit in results.hits {
                let id = try searcher.document(hit, bodyPrefixBytes: 0).id
                guard !id.isEmpty, !id.contains(where: \.isWhitespace) else {
                    throw ValidationError("document id \"\(id)\" is empty or contains whitespace: it cannot be a field of a TREC run")
                }
                print("\(query.id) Q0 \(id) \(hit.rank) \(hit.score) \(runID)")
            }
        }
    }
}
