import Testing
import Quarry

/// The library example in README.md, run as written (with a temporary folder).
@Suite struct ReadmeExampleTests {
    @Test func readmeLibraryExampleWorks() throws {
        let dir = TemporaryDirectory("quarry-readme")
        let writer = try IndexWriter(path: dir.path)
        try writer.add(SourceDocument(id: "a", title: "Café notes", body: "The cafe opens at nine."))
        try writer.add(SourceDocument(id: "b", title: "Tea", body: "Green tea and black tea."))
        try writer.commit()
        writer.close()

        let searcher = try Searcher(indexPath: dir.path)
        let results = try searcher.search("cafe", options: SearchOptions(limit: 10))
        #expect(results.hits.count == 1)
        let document = try searcher.document(results.hits[0])
        #expect(document.id == "a")
        let snippet = SnippetBuilder(analyzer: searcher.reader.analyzer)
            .snippet(for: try searcher.document(results.hits[0]), terms: searcher.highlightTerms(results.query))
        #expect(snippet.highlighted(open: "**", close: "**") == "The **cafe** opens at nine.")
        let explanation = try searcher.explain(results.query, hit: results.hits[0])
        #expect(abs(explanation.value - results.hits[0].score) <= 1e-4 * results.hits[0].score)
        #expect(explanation.formatted().split(separator: "\n").first?.hasSuffix(" = sum of the matching clauses:") == true)
    }
}
