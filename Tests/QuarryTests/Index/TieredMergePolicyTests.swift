import Testing
@testable import Quarry

/// Commits merge segments of similar size, never the whole index for a small change, and keep the
/// segment count logarithmic; merged results stay exactly those of brute force.
@Suite struct TieredMergePolicyTests {
    static func segment(_ name: String, _ documents: Int, deleted: Int = 0) -> Manifest.SegmentInfo {
        var info = Manifest.SegmentInfo(name: name, documentCount: documents, fieldTokenTotals: [0, 0, 0], fileSizes: [:])
        info.deletedCount = deleted
        return info
    }

    @Test func choosesFullTiersAndHeavilyDeletedSegments() {
        let policy = TieredMergePolicy(segmentsPerTier: 4)
        #expect(policy.tier(of: 0) == 0 && policy.tier(of: 3) == 0 && policy.tier(of: 4) == 1 && policy.tier(of: 15) == 1 && policy.tier(of: 16) == 2)
        #expect(policy.tier(of: Int.max) <= 40)
        // Three small segments: in shape.
        #expect(policy.merges(for: (0..<3).map { Self.segment("s\($0)", 2) }).isEmpty)
        // Five small ones and a big one: the four smallest small ones merge; the big one stays.
        let mixed = [Self.segment("big", 1000)] + (0..<5).map { Self.segment("s\($0)", 1 + $0 % 3) }
        let groups = policy.merges(for: mixed)
        #expect(groups.count == 1 && groups[0].count == 4 && !groups[0].contains("big"))
        #expect(Set(groups[0]) == ["s0", "s3", "s1", "s4"], "the smallest four: \(groups)")
        // A segment with a third of its documents deleted is rewritten on its own.
        let deleted = policy.merges(for: [Self.segment("big", 1000, deleted: 300), Self.segment("small", 3)])
        #expect(deleted == [["big"]])
        #expect(policy.merges(for: [Self.segment("big", 1000, deleted: 200)]).isEmpty)
    }

    @Test func smallCommitsNeverRewriteTheBigSegment() throws {
        let dir = TemporaryDirectory("quarry-tiered")
        let corpus = RandomCorpus.documents(count: 1400, vocabularySize: 60, maxLength: 25, seed: 31)
        let writer = try IndexWriter(path: dir.path)
        writer.mergePolicy = TieredMergePolicy(segmentsPerTier: 4)
        for d in corpus.prefix(1000) { try writer.add(d) }
        try writer.commit()
        let big = try #require(try IndexReader(path: dir.path).manifest.segments.first?.name)
        var counts: [Int] = []
        for (i, d) in corpus.dropFirst(1000).enumerated() {
            try writer.add(d)
            if i % 5 == 4 {
                try writer.commit()
                let segments = try IndexReader(path: dir.path).manifest.segments
                counts.append(segments.count)
                #expect(segments.contains { $0.name == big }, "commit \(i / 5): the big segment was rewritten")
            }
        }
        writer.close()
        // 80 commits of 5 documents: a few segments per tier, never one per commit.
        #expect(counts.max()! <= 3 * 4 + 1, "\(counts)")
        let searcher = try Searcher(indexPath: dir.path)
        let model = ReferenceModel(documents: try (0..<searcher.reader.documentCount).map { d in
            let stored = try searcher.reader.document(d)
            return SourceDocument(id: stored.id, title: stored.title, body: stored.body)
        }, analyzer: searcher.reader.analyzer)
        #expect(searcher.reader.documentCount == corpus.count)
        for words in RandomCorpus.queries(count: 15, vocabularySize: 60, seed: 32) {
            let query = try searcher.parser.parse(words.joined(separator: " "))
            ReferenceModelTests.expectSame(try searcher.search(query, options: SearchOptions(limit: 20)).hits,
                                           model.search(query), k: 20, context: words.joined(separator: " "))
        }
        #expect(try IndexChecker(path: dir.path).run().isHealthy)
    }
}
