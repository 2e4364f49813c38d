/// The stored fields of one document, read back from the document store.
public struct StoredDocument: Sendable, Hashable {
    public var id: String
    public var title: String
    public var body: String

    /// The searchable text, exactly as it was analyzed: title, a newline, body.
    public var text: String { title + "\n" + body }
}
