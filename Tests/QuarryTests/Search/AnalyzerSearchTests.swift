import Testing
@testable import Quarry

/// Analyzers chosen at index time are stored with the index and applied to queries.
@Suite struct AnalyzerSearchTests {
    static func index(_ documents: [String], settings: AnalyzerSettings, in dir: TemporaryDirectory) throws -> Searcher {
        let writer = try IndexWriter(path: dir.path, settings: settings)
        for (i, text) in documents.enumerated() {
            try writer.add(SourceDocument(id: "d\(i)", title: "", body: text))
        }
        try writer.commit()
        writer.close()
        return try Searcher(indexPath: dir.path)
    }

    static func docs(_ searcher: Searcher, _ query: String) throws -> [Int] {
        try searcher.search(query).hits.map(\.doc).sorted()
    }

    @Test func chineseWordIsFoundInsideASentence() throws {
        let dir = TemporaryDirectory()
        let searcher = try Self.index(["我们在北京大学学习中文", "我们在上海学习日文", "北方的京剧"], settings: .standard, in: dir)
        #expect(try Self.docs(searcher, "北京") == [0])
        #expect(try Self.docs(searcher, "北京大学") == [0])
        #expect(try Self.docs(searcher, "学习") == [0, 1])
        // Doc 2 has 北方 but not 方京 or 京大 next to it: a CJK query word needs all of its bigrams in a row.
        #expect(try Self.docs(searcher, "北方京大") == [])
        #expect(try searcher.search(.phrase("北京 京剧")).hits.isEmpty)
    }

    @Test func englishIndexFindsOtherFormsAndKeepsTheAnalyzer() throws {
        let dir = TemporaryDirectory()
        let searcher = try Self.index(["The runner was running in the park", "A connected graph", "Mary's lamb"],
                                      settings: .english(stopwords: .english), in: dir)
        #expect(try Self.docs(searcher, "runs") == [0])
        #expect(try Self.docs(searcher, "connections") == [1])
        #expect(try Self.docs(searcher, "mary") == [2])
        #expect(try Self.docs(searcher, "\"running in the park\"") == [0])
        #expect(try Self.docs(searcher, "\"running the park\"") == [])  // the gap has the wrong size
        let reader = try IndexReader(path: dir.path)
        #expect(reader.analyzer.settings.name == .english)
        #expect(reader.analyzer.settings.stopwords == .english)
        // Appending keeps the index's analyzer whatever the writer is given.
        let writer = try IndexWriter(path: dir.path, mode: .append, settings: .standard)
        #expect(writer.analyzer.settings.name == .english)
        writer.close()
    }
}
