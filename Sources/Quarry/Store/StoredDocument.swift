/// The stored fields of one document, read back from the document store.
public struct StoredDocument: Sendable, Hashable {
    public var id: String
    public var title: String
    public var body: String
    /// The index's extra text fields, in the index's order (empty when it has none).
    public var fields: [FieldValue] = []

    public init(id: String, title: String, body: String, fields: [FieldValue] = []) {
        self.id = id
        self.title = title
        self.body = body
        self.fields = fields
    }

    /// The searchable text, exactly as it was analyzed: title, a newline, body.
    public var text: String { title + "\n" + body }
}

/// One extra text field of a stored document.
public struct FieldValue: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
