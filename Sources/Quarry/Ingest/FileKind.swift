/// The kinds of files ingest understands, chosen by file-name extension (case-insensitive).
public enum FileKind: Sendable, Hashable {
    /// `.txt`, `.md`, `.text`
    case plainText
    /// `.html`, `.htm`, `.xhtml`
    case html
    /// `.jsonl`, `.jsonl.gz`
    case jsonLines

    /// The kind for `fileName`, or `nil` when ingest does not handle it.
    public init?(fileName: String) {
        let name = fileName.lowercased()
        if name.hasSuffix(".jsonl") || name.hasSuffix(".jsonl.gz") {
            self = .jsonLines
            return
        }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...] {
        case "txt", "md", "text": self = .plainText
        case "html", "htm", "xhtml": self = .html
        default: return nil
        }
    }
}
