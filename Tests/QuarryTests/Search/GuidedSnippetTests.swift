import Testing
@testable import Quarry

/// Hit snippets chosen from the index's word positions: the same passage a scan of the text picks,
/// found without analyzing the body past it.
@Suite struct GuidedSnippetTests {
    @Test func bestWindowHasTheMostDistinctTermsThenMatchesThenComesFirst() {
        let matches: [(position: UInt32, term: Int)] = [(0, 0), (10, 1), (100, 0), (101, 1), (102, 0), (500, 0), (501, 1), (502, 0)]
        let best = PassageWindow.best(matches, termCount: 2, span: 32)
        #expect(best == PassageWindow(start: 100, distinct: 2, matches: 3))
        #expect(PassageWindow.best([], termCount: 2, span: 32) == nil)
        // Windows are `span` positions wide: 0 and 40 are not in one window of 32.
        #expect(PassageWindow.best([(0, 0), (40, 1)], termCount: 2, span: 32) == PassageWindow(start: 0, distinct: 1, matches: 1))
    }

    @Test func hitSnippetsComeFromTheIndexedPositions() throws {
        let dir = TemporaryDirectory("quarry-guided-snippet")
        let writer = try IndexWriter(path: dir.path)
        let filler = String(repeating: "the quick brown fox jumps over the lazy dog café naïve ", count: 300)
        try writer.add(SourceDocument(id: "far", title: "Stones of Italy", body: "granite here. " + filler + "Grey granite from the quarry. " + filler))
        try writer.add(SourceDocument(id: "title", title: "Granite quarry", body: "Nothing about it here."))
        try writer.commit()
        writer.close()
        let searcher = try Searcher(indexPath: dir.path)
        let builder = SnippetBuilder(analyzer: searcher.reader.analyzer)
        let query = try searcher.parser.parse("granite quarry", mode: .any)
        let terms = searcher.highlightTerms(query)
        let results = try searcher.search(query)
        var snippets: [String: Snippet] = [:]
        for hit in results.hits {
            let (document, snippet) = try builder.snippet(for: hit, in: searcher, terms: terms)
            snippets[document.id] = snippet
        }
        // The passage with both words, far into the body, as a scan of the whole text finds it.
        let far = try #require(snippets["far"])
        #expect(far.fragments.filter(\.isMatch).map(\.text) == ["granite", "quarry"])
        #expect(far.text.contains("Grey granite from the quarry."))
        let whole = try searcher.document(Hit(rank: 1, doc: 0, score: 0))
        #expect(far == builder.snippet(for: whole, terms: terms))
        // Only the title matched: the title.
        #expect(snippets["title"]?.text == "Granite quarry")
        // A prefix query has no indexed positions for its word: the body is scanned as before.
        let prefix = try searcher.parser.parse("gran*", mode: .any)
        let prefixTerms = searcher.highlightTerms(prefix)
        let (_, scanned) = try builder.snippet(for: Hit(rank: 1, doc: 0, score: 0), in: searcher, terms: prefixTerms)
        #expect(scanned == builder.snippet(for: whole, terms: prefixTerms, bodyLimit: SnippetBuilder.firstReadBytes))
    }
}
