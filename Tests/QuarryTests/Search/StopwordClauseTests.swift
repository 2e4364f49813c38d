import Testing
@testable import Quarry

/// A required clause made only of stopwords is left out instead of failing the whole query.
@Suite struct StopwordClauseTests {
    @Test func requiredStopwordsAreDropped() throws {
        let dir = TemporaryDirectory()
        let writer = try IndexWriter(path: dir.path, settings: .english(stopwords: .english))
        try writer.add(SourceDocument(id: "a", title: "", body: "Bank of America opens a branch"))
        try writer.add(SourceDocument(id: "b", title: "", body: "The python language"))
        try writer.add(SourceDocument(id: "c", title: "", body: "A river bank"))
        try writer.commit()
        writer.close()
        let searcher = try Searcher(indexPath: dir.path)
        let and = try searcher.search("bank of america", options: SearchOptions(mode: .all))
        #expect(and.hits.map(\.doc) == [0])
        #expect(try searcher.search("+the python").hits.map(\.doc) == [1])
        #expect(try searcher.count(.boolean(must: [.term("the"), .term("bank")])) == 2)
        // Nothing searchable at all is still an error.
        #expect(throws: QuarryError.self) { try searcher.search("+the +of") }
    }
}
