import Foundation
import Testing
@testable import Quarry

/// Smaller CLI and statistics fixes: distinct term counts over segments, missing inputs skipped,
/// nothing to merge in a one-segment index.
@Suite struct SmallCLIFixesTests {
    @Test func uniqueTermsCountEachTermOnceOverSegments() throws {
        let dir = TemporaryDirectory("quarry-terms")
        let index = dir.sub("index")
        for batch in [["alpha beta", "beta gamma"], ["beta delta", "alpha"]] {
            let writer = try IndexWriter(path: index, mode: .append)
            for (i, body) in batch.enumerated() { try writer.add(SourceDocument(id: "\(body)\(i)", title: "", body: body)) }
            try writer.commit()
            writer.close()
        }
        let reader = try IndexReader(path: index)
        #expect(reader.manifest.segments.count == 2)
        #expect(try IndexStats(reader: reader).terms == 4)  // alpha beta gamma delta
    }

    @Test func missingInputIsSkippedNotFatal() async throws {
        let dir = TemporaryDirectory("quarry-missing")
        try Fixture.write("granite blocks", to: dir.sub("docs/a.txt"))
        let result = try await QuarryCLI.run(["index", dir.sub("docs"), dir.sub("nope.txt"), "--index", dir.sub("index")])
        #expect(result.succeeded, "\(result)")
        #expect(result.stderr.contains("nope.txt"), "\(result)")
        #expect(try Searcher(indexPath: dir.sub("index")).count("granite") == 1)
        let none = try await QuarryCLI.run(["index", dir.sub("nope.txt"), "--index", dir.sub("index2")])
        #expect(none.exitedCleanly && none.status != 0, "\(none)")
    }

    @Test func mergingOneSegmentSaysSo() async throws {
        let dir = TemporaryDirectory("quarry-merge")
        _ = try Fixture.buildIndex(at: dir.sub("index"))
        let generation = try IndexReader(path: dir.sub("index")).generation
        let result = try await QuarryCLI.run(["merge", "--index", dir.sub("index")])
        #expect(result.succeeded && result.stdout.contains("Nothing to merge"), "\(result)")
        #expect(try IndexReader(path: dir.sub("index")).generation == generation)
    }
}

/// The wording of `quarry index` when there is nothing to index.
@Suite struct NothingToIndexCLITests {
    @Test func emptyInputIsNotAnIOError() async throws {
        let dir = TemporaryDirectory("quarry-nothing")
        try FileManager.default.createDirectory(atPath: dir.sub("empty"), withIntermediateDirectories: true)
        try Fixture.write([0x00, 0x01, 0x02, 0x03], to: dir.sub("blob.txt"))
        let result = try await QuarryCLI.run(["index", dir.sub("empty"), dir.sub("blob.txt"), "--index", dir.sub("index")])
        #expect(result.exitedCleanly && result.status == 1, "\(result)")
        #expect(result.stderrLines.last == "quarry: error: nothing to index: no documents found in \(dir.sub("empty")), \(dir.sub("blob.txt")) (1 input skipped, see the warnings above); the index was left unchanged", "\(result)")
        #expect(!result.stderr.contains("I/O error"), "\(result)")
    }
}
