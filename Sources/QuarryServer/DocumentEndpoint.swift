import Quarry
import QuarryJSON

/// `GET /documents/{id}`: the stored document with that exact id, as `{"id", "title", "body"}`.
enum DocumentEndpoint {
    static func json(id: String, snapshot: IndexSnapshot) throws(APIError) -> OrderedJSON {
        let searcher = snapshot.searcher
        guard searcher.reader.fieldNames.contains("id") else {
            throw APIError(.notImplemented, "this index has no id field (it predates it): rebuild it to look documents up by id")
        }
        do {
            // The id field holds each document's id as one exact term. Until writes replace by id, a
            // re-added id matches more than once: the newest (highest document number) wins.
            let results = try searcher.search(.term(id, field: "id"), options: SearchOptions(limit: 1000))
            guard let newest = results.hits.max(by: { $0.doc < $1.doc }) else {
                throw APIError(.notFound, "no document has the id \"\(id.prefix(200))\"")
            }
            let document = try searcher.document(newest)
            return .object([("id", .string(document.id)), ("title", .string(document.title)), ("body", .string(document.body))])
        } catch {
            throw APIError.from(error)
        }
    }
}
