/// One result of ingesting: a document, or something that was passed over and why.
public enum IngestItem: Sendable, Hashable {
    /// A document. `sourceBytes` is the size of the file (or of the JSON line) it came from;
    /// `replacedInvalidBytes` counts invalid UTF-8 sequences replaced with U+FFFD.
    case document(SourceDocument, sourceBytes: Int, replacedInvalidBytes: Int)
    /// A file, folder, path or JSON line that yields no document. `source` is the path
    /// (`path:line` for a JSON line); `reason` is short and lower-case, e.g. "binary file".
    case skipped(source: String, reason: String)
    /// A file that broke off partway (damaged or truncated compressed data, a read error): the
    /// documents delivered from it before the problem stand. `reason` says what was wrong and
    /// how many records were read before it.
    case damaged(source: String, reason: String)
}

/// Counts gathered while ingesting.
public struct IngestSummary: Sendable, Hashable {
    /// Documents delivered.
    public var documents = 0
    /// `.skipped` items delivered.
    public var skipped = 0
    /// `.damaged` items delivered (files read only in part).
    public var damaged = 0
    /// Files inside folders passed over silently because of their extension.
    public var ignoredFiles = 0
    /// Hidden files and folders (names starting with `.`) passed over inside folders.
    public var hiddenEntries = 0
    /// Given paths that do not exist (each was also delivered as `.skipped`).
    public var missingPaths: [String] = []

    public init() {}
}
