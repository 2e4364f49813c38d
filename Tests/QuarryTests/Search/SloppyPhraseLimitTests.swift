import Testing
@testable import Quarry

/// A phrase with slop is bounded in words: counting its matches grows with the square of its
/// words, and a 1,300-word `"…"~1000` kept one search (and a server thread) busy for minutes.
@Suite struct SloppyPhraseLimitTests {
    static func phrase(_ words: Int, slop: Int, field: String = "") -> String {
        field + "\"" + (0..<words).map { $0 % 2 == 0 ? "the" : "cat" }.joined(separator: " ") + "\"~\(slop)"
    }

    @Test func longSloppyPhrasesAreRefusedWithAClearError() throws {
        let dir = TemporaryDirectory()
        let writer = try IndexWriter(path: dir.path)
        try writer.add(SourceDocument(id: "a", title: "cats", body: String(repeating: "the cat ", count: 600)))
        try writer.commit()
        writer.close()
        let searcher = try Searcher(indexPath: dir.path)
        let limit = QueryAnalysis.maxSloppyPhraseWords
        for field in ["", "body:", "title:"] {
            for words in [limit + 1, 1300] {
                do {
                    _ = try searcher.search(Self.phrase(words, slop: 1000, field: field))
                    Issue.record("\(field) \(words) words with slop were accepted")
                } catch QuarryError.badQuery(let message) {
                    #expect(message == "a phrase with slop (\"…\"~N) may have at most \(limit) words, this one has \(words)")
                }
            }
            // At the limit, and without slop at any length, phrases still run.
            #expect(try searcher.search(Self.phrase(limit, slop: 3, field: field)).hits.count <= 1)
            #expect(try searcher.search(Self.phrase(400, slop: 0, field: field)).hits.count <= 1)
        }
        #expect(try searcher.search(Self.phrase(4, slop: 2)).hits.map(\.doc) == [0])
    }

    /// The window count is unchanged by computing positions only for narrow windows.
    @Test func windowCountsAreUnchanged() {
        // Term 0 at 0, 5, 9; term 1 at 1, 7, 20: "t0 t1" with slop 2 matches (0,1) and (5,7).
        let positions: [[UInt32]] = [[0, 5, 9], [1, 7, 20]]
        let elements: [(term: Int, offset: UInt32)] = [(0, 0), (1, 1)]
        #expect(SloppyPhraseMatcher.countWindows(positions: positions, counts: [3, 3], elements: elements, slop: 2) == 2)
        // One term twice ("t0 t0"): two distinct positions are needed per window.
        let repeated: [(term: Int, offset: UInt32)] = [(0, 0), (0, 1)]
        #expect(SloppyPhraseMatcher.countWindows(positions: positions, counts: [3, 3], elements: repeated, slop: 5) == 1)
    }
}
