import Quarry
import QuarryJSON

/// `GET /documents/{id}`: the stored document with that exact id, as `{"id", "title", "body"}`
/// (and `"fields"` in an index with extra text fields).
enum DocumentEndpoint {
    static func json(id: String, snapshot: IndexSnapshot) throws(APIError) -> OrderedJSON {
        let searcher = snapshot.searcher
        guard searcher.reader.fieldNames.contains("id") else {
            throw APIError(.notImplemented, "this index has no id field (it predates it): rebuild it to look documents up by id")
        }
        do {
            guard let doc = try searcher.reader.liveDocument(withID: id) else {
                throw APIError(.notFound, "no document has the id \"\(id.prefix(200))\"")
            }
            let document = try searcher.reader.document(doc)
            return DocumentReport.json(document)
        } catch {
            throw APIError.from(error)
        }
    }
}
