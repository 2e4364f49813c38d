import Testing
@testable import Quarry

/// Hit snippets come from the field the query's words matched, and look at a bounded prefix of the body.
@Suite struct HitSnippetTests {
    let builder = SnippetBuilder(analyzer: Analyzer())

    /// About `bytes` bytes of filler text with multi-byte characters, without the word "granite".
    static func filler(bytes: Int) -> String {
        let line = "the quick brown fox jumps over the lazy dog café 日本語 naïve résumé 🪨 "
        return String(repeating: line, count: bytes / line.utf8.count + 1)
    }

    /// The text is scanned in chunks; a passage with every query term ends the scan, and terms
    /// split across chunk boundaries or found only far in are still found.
    @Test func passagesAcrossScanChunks() {
        let far = Self.filler(bytes: 3 * SnippetBuilder.scanChunkBytes)
        // Only far in: found after several chunks.
        let late = builder.snippet(for: far + "granite quarry stone", terms: ["granite", "quarry"])
        #expect(late.fragments.filter(\.isMatch).map(\.text) == ["granite", "quarry"])
        // Every term early: that passage, even though a denser one follows.
        let early = builder.snippet(for: "granite quarry " + far + "granite quarry granite quarry granite", terms: ["granite", "quarry"])
        #expect(early.fragments.first?.text != "… ", "the first passage is chosen")
        #expect(early.fragments.filter(\.isMatch).count == 2)
        // One term early, both only later: the later passage has more distinct terms.
        let near = Self.filler(bytes: 2 * SnippetBuilder.scanChunkBytes)
        let better = builder.snippet(for: "granite " + near + "quarry granite", terms: ["granite", "quarry"])
        #expect(better.fragments.filter(\.isMatch).map(\.text) == ["quarry", "granite"])
        // A better passage far beyond the first one is not looked for.
        let beyond = builder.snippet(for: "granite " + Self.filler(bytes: 4 * SnippetBuilder.scanBeyondMatchBytes) + "quarry granite",
                                     terms: ["granite", "quarry"])
        #expect(beyond.fragments.filter(\.isMatch).map(\.text) == ["granite"])
        // A word right at a chunk boundary is not split.
        var text = String(repeating: "x", count: SnippetBuilder.scanChunkBytes - 3) + " granitequarry"
        text += " end"
        let boundary = builder.snippet(for: text, terms: ["granitequarry"])
        #expect(boundary.fragments.filter(\.isMatch).map(\.text) == ["granitequarry"])
    }

    @Test func boundedPrefixIsAShortPrefixOfAHugeBody() {
        let body = Self.filler(bytes: 4 << 20)
        #expect(body.utf8.count > 4 << 20)
        for limit in [0, 1, 100, 1000, SnippetBuilder.bodyPrefixLimit] {
            let prefix = SnippetBuilder.boundedPrefix(body, maxBytes: limit)
            #expect(prefix.utf8.count <= limit, "limit \(limit)")
            #expect(prefix.utf8.count >= limit - 4, "cut too early for limit \(limit): \(prefix.utf8.count)")
            #expect(body.hasPrefix(prefix))
        }
        // Cuts fall back to the start of a multi-byte character ("日" is 3 bytes, "🪨" 4).
        let cjk = "日本語"
        #expect(SnippetBuilder.boundedPrefix(cjk, maxBytes: 4) == "日")
        #expect(SnippetBuilder.boundedPrefix(cjk, maxBytes: 6) == "日本")
        #expect(SnippetBuilder.boundedPrefix("a🪨b", maxBytes: 4) == "a")
        #expect(SnippetBuilder.boundedPrefix("short", maxBytes: 1000) == "short")
    }

    @Test func hugeBodyIsReadOnlyUpToTheLimit() {
        // The word occurs only past the limit: the body is not analyzed that far, so the title is shown.
        let late = StoredDocument(id: "late", title: "Granite quarry", body: Self.filler(bytes: 3 << 20) + " granite at the end")
        let terms = Set(builder.analyzer.terms("granite"))
        let fromTitle = builder.snippet(for: late, terms: terms)
        #expect(fromTitle.text == "Granite quarry", "\(fromTitle.text.prefix(200))")
        #expect(fromTitle.fragments.contains { $0.isMatch && $0.text == "Granite" })
        // With the word early in the same huge body, the snippet comes from the body.
        let early = StoredDocument(id: "early", title: "Granite quarry", body: "Grey granite blocks. " + Self.filler(bytes: 3 << 20))
        let fromBody = builder.snippet(for: early, terms: terms)
        #expect(fromBody.text.hasPrefix("Grey granite blocks."), "\(fromBody.text)")
        #expect(fromBody.fragments.filter(\.isMatch).map(\.text) == ["granite"])
        // A small limit shows the same on a small body.
        let small = StoredDocument(id: "s", title: "Granite", body: "some words then granite")
        #expect(builder.snippet(for: small, terms: terms, bodyLimit: 10).text == "Granite")
        #expect(builder.snippet(for: small, terms: terms).text.contains("granite"))
    }

    @Test func snippetComesFromTheFieldThatMatched() {
        let terms = Set(builder.analyzer.terms("marble"))
        let titleOnly = StoredDocument(id: "t", title: "Marble and slate", body: "A long text about stones of every kind.")
        #expect(builder.snippet(for: titleOnly, terms: terms).text == "Marble and slate")
        let both = StoredDocument(id: "b", title: "Marble", body: "Carrara marble is white.")
        #expect(builder.snippet(for: both, terms: terms).text == "Carrara marble is white.")
        // Nothing matched anywhere (say a prefix query): the body's start, as before.
        let neither = StoredDocument(id: "n", title: "Slate", body: "Grey stone.")
        #expect(builder.snippet(for: neither, terms: terms).text == "Grey stone.")
        let noBody = StoredDocument(id: "e", title: "Slate roof", body: "")
        #expect(builder.snippet(for: noBody, terms: terms).text == "Slate roof")
    }

    @Test func excludedWordsAreNotHighlighted() throws {
        let dir = TemporaryDirectory("quarry-highlight")
        let writer = try IndexWriter(path: dir.path)
        try writer.add(SourceDocument(id: "a", title: "", body: "granite and marble"))
        try writer.commit()
        writer.close()
        let searcher = try Searcher(indexPath: dir.path)
        let terms = searcher.highlightTerms(try searcher.parser.parse("granite -marble", mode: .any))
        let snippet = builder.snippet(for: try searcher.document(Hit(rank: 1, doc: 0, score: 0)), terms: terms)
        #expect(snippet.fragments.filter(\.isMatch).map(\.text) == ["granite"])
    }
}

/// A body exactly as long as the snippet's limit (the length a bounded store read returns).
@Suite struct BoundedPrefixEdgeTests {
    @Test func aTextExactlyAsLongAsTheLimitIsKeptWhole() {
        let text = String(repeating: "é", count: 50)  // 100 bytes
        #expect(SnippetBuilder.boundedPrefix(text, maxBytes: 100) == text[...])
        #expect(SnippetBuilder.boundedPrefix(text, maxBytes: 99).utf8.count == 98)
        #expect(SnippetBuilder.boundedPrefix("", maxBytes: 0) == "")
    }
}
