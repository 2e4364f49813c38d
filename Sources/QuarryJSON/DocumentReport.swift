import Quarry

/// A stored document as JSON (`quarry get --json`, the server's `GET /documents/{id}`), keys in a
/// fixed order: id, title, body and, in an index with extra text fields, fields.
public enum DocumentReport {
    public static func json(_ document: StoredDocument) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("id", .string(document.id)), ("title", .string(document.title)), ("body", .string(document.body)),
        ]
        if let fields = fields(document) { members.append(("fields", fields)) }
        return .object(members)
    }

    /// The extra text fields as one object, name to value in the index's order; nil when the index has none.
    public static func fields(_ document: StoredDocument) -> OrderedJSON? {
        document.fields.isEmpty ? nil : .object(document.fields.map { ($0.name, .string($0.value)) })
    }
}
