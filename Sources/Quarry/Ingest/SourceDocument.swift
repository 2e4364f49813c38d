/// One document as it enters the engine: an identifier, a title and a body of plain text.
///
/// Ingest produces these from files (text, HTML) and JSON Lines; the index writer consumes them.
/// The searchable `text` field is `title + "\n" + body`.
public struct SourceDocument: Sendable, Hashable {
    /// The document's identifier: the JSONL `id`, or the path relative to the indexed root for files.
    public var id: String
    /// The document's title (may be empty).
    public var title: String
    /// The document's visible text.
    public var body: String
    /// Extra text fields by name (JSON Lines members chosen with `--field`); an index stores and
    /// searches the ones it was built with, and a field missing here is empty.
    public var fields: [String: String]

    public init(id: String, title: String, body: String, fields: [String: String] = [:]) {
        self.id = id
        self.title = title
        self.body = body
        self.fields = fields
    }
}
