extension SnippetBuilder {
    /// How much of a body a snippet looks at, in UTF-8 bytes: a huge document costs no more than this.
    public static let bodyPrefixLimit = 256 * 1024

    /// How much of a body is read first for a hit's snippet when the index does not say where the
    /// query's words are (say, a prefix query's); the rest (up to ``bodyPrefixLimit``) only when no
    /// query term occurs in it.
    public static let firstReadBytes = 64 * 1024

    /// How much of a body is read first when the index says where the passage is: enough for a
    /// passage in the first few thousand words; one further is read up to ``bodyPrefixLimit``.
    public static let guidedReadBytes = 16 * 1024

    /// A hit's stored fields (the body only as far as the snippet needed) and its snippet.
    ///
    /// The passage is chosen from the index's word positions of the query terms in the hit (see
    /// ``Searcher/textPositions(doc:terms:)``), by the criterion a scan of the text applies; then
    /// the body is analyzed only up to the end of that passage, to find its words. The body's
    /// first ``guidedReadBytes`` are read, more only when the passage lies beyond them. When only
    /// the title holds query terms the title is shown; when the index has no position of any term
    /// (a prefix query, say), the body's first ``firstReadBytes`` are scanned as text instead.
    public func snippet(for hit: Hit, in searcher: Searcher, terms: Set<String>) throws -> (document: StoredDocument, snippet: Snippet) {
        let ordered = terms.map { Array($0.utf8) }
        let matches = try searcher.textPositions(doc: hit.doc, terms: ordered)
        if matches.isEmpty { return try scannedSnippet(for: hit, in: searcher, terms: terms) }
        var document = try searcher.document(hit, bodyPrefixBytes: Self.guidedReadBytes)
        let bodyStart = positionsUsed(by: document.title)
        let inBody = Array(matches.drop { $0.position < bodyStart })
        guard let window = PassageWindow.best(inBody, termCount: ordered.count, span: windowTokens) else {
            return (document, snippet(for: document.title, terms: terms))
        }
        // A body shorter than the read was read whole.
        let whole = document.body.utf8.count < Self.guidedReadBytes - 4
        if let passage = passage(in: document.body, startingAt: bodyStart, window: window, terms: ordered, isWhole: whole) {
            return (document, passage)
        }
        if !whole {
            document = try searcher.document(hit, bodyPrefixBytes: Self.bodyPrefixLimit)
            if let passage = passage(in: document.body, startingAt: bodyStart, window: window, terms: ordered, isWhole: true) {
                return (document, passage)
            }
        }
        // The passage lies beyond what a snippet reads (or the stored text disagrees with the index).
        return (document, snippet(for: document, terms: terms))
    }

    /// The snippet of `text` around the passage `window`: `text` is analyzed from word position
    /// `start`, a chunk at a time, only until the passage's words are known. Nil when the passage's
    /// first match was not reached, or (unless `isWhole`) when the text ends before the passage does.
    func passage(in text: String, startingAt start: UInt32, window: PassageWindow, terms: [[UInt8]], isWhole: Bool) -> Snippet? {
        let bytes = Array(text.utf8)
        let w = windowTokens
        var tokens: [Token] = []
        var firstMatch: Int?
        var position = start
        var offset = 0
        bytes.withUnsafeBufferPointer { buffer in
            while offset < buffer.count {
                var chunkEnd = min(buffer.count, offset + Self.passageChunkBytes)
                while chunkEnd < buffer.count && !Self.isSpace(buffer[chunkEnd]) { chunkEnd += 1 }
                let base = offset
                position = analyzer.analyze(UnsafeBufferPointer(rebasing: buffer[base..<chunkEnd]), startPosition: position) { term, at, from, to in
                    let id = Self.termIndex(term, in: terms)
                    if firstMatch == nil && id >= 0 && at >= window.start { firstMatch = tokens.count }
                    tokens.append((base + from, base + to, id))
                }
                offset = chunkEnd
                if let firstMatch, tokens.count >= firstMatch + w { break }
            }
        }
        guard let firstMatch, isWhole || tokens.count >= firstMatch + w else { return nil }
        return Self.passage(bytes, tokens: tokens, from: firstMatch, window: w)
    }

    /// Text is analyzed this many bytes at a time (cut at whitespace) on the way to a passage.
    static let passageChunkBytes = 2 * 1024

    /// The index of `term` in `terms`, or -1.
    @inline(__always)
    static func termIndex(_ term: UnsafeBufferPointer<UInt8>, in terms: [[UInt8]]) -> Int {
        for (k, candidate) in terms.enumerated() where candidate.count == term.count && candidate.elementsEqual(term) {
            return k
        }
        return -1
    }

    /// The word positions a title takes in the text field (title, newline, body): the body's first
    /// word has this position.
    func positionsUsed(by title: String) -> UInt32 {
        var title = title
        return title.withUTF8 { analyzer.analyze($0) { _, _, _, _ in } }
    }

    /// The snippet found by scanning the body as text: its first ``firstReadBytes`` and, only when
    /// no query term occurs there or in the title, up to ``bodyPrefixLimit``.
    private func scannedSnippet(for hit: Hit, in searcher: Searcher, terms: Set<String>) throws -> (document: StoredDocument, snippet: Snippet) {
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
