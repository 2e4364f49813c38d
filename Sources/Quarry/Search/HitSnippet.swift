extension SnippetBuilder {
    /// How much of a body a snippet looks at, in UTF-8 bytes: a huge document costs no more than this.
    public static let bodyPrefixLimit = 256 * 1024

    /// How much of a body is read first for a hit's snippet; the rest (up to ``bodyPrefixLimit``)
    /// only when no query term occurs in it.
    public static let firstReadBytes = 64 * 1024

    /// A hit's stored fields (the body only as far as the snippet needed) and its snippet, reading
    /// the body's first ``firstReadBytes`` and, only when no query term occurs there or in the
    /// title, up to ``bodyPrefixLimit``.
    public func snippet(for hit: Hit, in searcher: Searcher, terms: Set<String>) throws -> (document: StoredDocument, snippet: Snippet) {
        let first = try searcher.document(hit, bodyPrefixBytes: Self.firstReadBytes)
        let snippet = self.snippet(for: first, terms: terms, bodyLimit: Self.firstReadBytes)
        // A body shorter than the first read was read whole.
        if snippet.fragments.contains(where: \.isMatch) || first.body.utf8.count < Self.firstReadBytes - 4 {
            return (first, snippet)
        }
        let more = try searcher.document(hit, bodyPrefixBytes: Self.bodyPrefixLimit)
        return (more, self.snippet(for: more, terms: terms))
    }

    /// A hit's snippet from the field its words matched: the body when a query term occurs in the
    /// body's first `bodyLimit` bytes, otherwise the title (the body's start when the title is
    /// empty too). `terms` are the analyzed terms to highlight (``Searcher/highlightTerms(_:)``).
    public func snippet(for document: StoredDocument, terms: Set<String>, bodyLimit: Int = Self.bodyPrefixLimit) -> Snippet {
        let body = snippet(for: String(Self.boundedPrefix(document.body, maxBytes: bodyLimit)), terms: terms)
        if body.fragments.contains(where: \.isMatch) || document.title.isEmpty { return body }
        let title = snippet(for: document.title, terms: terms)
        return title.fragments.contains(where: \.isMatch) || document.body.isEmpty ? title : body
    }

    /// The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that ends on a character
    /// boundary. Costs O(1) in the length of `text` for native strings (it never reads past the cut).
    public static func boundedPrefix(_ text: String, maxBytes: Int) -> Substring {
        let utf8 = text.utf8
        guard let cut = utf8.index(utf8.startIndex, offsetBy: max(0, maxBytes), limitedBy: utf8.endIndex),
              cut != utf8.endIndex else {
            return text[...]
        }
        // Back off continuation bytes to a scalar boundary; the subscript then rounds down to a character.
        var end = cut
        while end > utf8.startIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return text[..<end]
    }
}
