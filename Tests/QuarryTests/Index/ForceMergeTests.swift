import Foundation
import Testing
@testable import Quarry

/// `IndexWriter.forceMerge(maxSegments:)` and `quarry merge --max-segments`: down to N segments by
/// merging the smallest, no deleted document left, nothing written when nothing needs doing.
@Suite struct ForceMergeTests {
    /// Five segments of 1…5 documents (each committed on its own), every document holding "granite".
    static func fiveSegments(at index: String) throws {
        for size in 1...5 {
            let writer = try IndexWriter(path: index, mode: .append)
            for i in 0..<size { try writer.add(SourceDocument(id: "s\(size)-\(i)", title: "", body: "granite s\(size)")) }
            try writer.commit()
            writer.close()
        }
    }

    @Test func mergesTheSmallestDownToTheLimitAndRewritesSegmentsWithDeletions() throws {
        let dir = TemporaryDirectory("quarry-force-merge")
        let index = dir.sub("index")
        try Self.fiveSegments(at: index)
        let before = try IndexReader(path: index).manifest.segments
        #expect(before.map(\.documentCount) == [1, 2, 3, 4, 5])
        let writer = try IndexWriter(path: index, mode: .append)
        #expect(try writer.delete(id: "s5-0"))
        try writer.commit()
        try writer.forceMerge(maxSegments: 3)
        let generation = writer.committedGeneration
        // Already in shape: no new commit.
        try writer.forceMerge(maxSegments: 3)
        #expect(writer.committedGeneration == generation)
        writer.close()

        let reader = try IndexReader(path: index)
        let after = reader.manifest.segments
        #expect(after.count == 3)
        #expect(after.allSatisfy { $0.deletedCount == 0 }, "\(after.map(\.deletedCount))")
        #expect(after.map(\.liveDocumentCount).sorted() == [4, 4, 6])
        // The 4-document segment had nothing to drop and was not rewritten.
        #expect(after.contains { $0.name == before[3].name })
        #expect(!after.contains { $0.name == before[4].name || $0.name == before[0].name })
        let searcher = try Searcher(indexPath: index)
        #expect(try searcher.count("granite") == 14)
        for size in 1...5 { #expect(try searcher.count("s\(size)") == (size == 5 ? 4 : size)) }
    }

    @Test func oneSegmentIsTheDefaultAndZeroIsRefused() throws {
        let dir = TemporaryDirectory("quarry-force-merge-one")
        let index = dir.sub("index")
        try Self.fiveSegments(at: index)
        let writer = try IndexWriter(path: index, mode: .append)
        defer { writer.close() }
        #expect(throws: QuarryError.self) { try writer.forceMerge(maxSegments: 0) }
        #expect(try IndexReader(path: index).manifest.segments.count == 5)
        try writer.forceMerge()
        #expect(try IndexReader(path: index).manifest.segments.map(\.documentCount) == [15])
    }

    @Test func theCommandTakesMaxSegments() async throws {
        let dir = TemporaryDirectory("quarry-merge-max")
        let index = dir.sub("index")
        try Self.fiveSegments(at: index)
        let refused = try await QuarryCLI.run(["merge", "--index", index, "--max-segments", "0"])
        #expect(refused.exitedCleanly && refused.status != 0 && refused.stderr.contains("--max-segments must be a whole number from 1"), "\(refused)")
        let merged = try await QuarryCLI.run(["merge", "--index", index, "--max-segments", "2"])
        #expect(merged.succeeded && merged.stdout.contains("Merged 5 segments into 2;"), "\(merged)")
        #expect(try IndexReader(path: index).manifest.segments.map(\.documentCount).sorted() == [5, 10])
        let again = try await QuarryCLI.run(["merge", "--index", index, "--max-segments", "2"])
        #expect(again.succeeded && again.stdout.contains("Nothing to merge"), "\(again)")
    }
}
