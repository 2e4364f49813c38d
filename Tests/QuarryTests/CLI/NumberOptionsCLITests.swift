import Foundation
import Testing
@testable import Quarry

/// Numbers on the command line are checked against a range with a clear error, whatever their
/// size or sign; huge result counts never reach an allocation.
@Suite struct NumberOptionsCLITests {
    @Test func resultCountsOutOfRangeAreRefused() async throws {
        let dir = TemporaryDirectory("quarry-numbers")
        let index = dir.sub("index")
        _ = try Fixture.buildIndex(at: index)
        let runs: [[String]] = [
            ["search", "granite", "-k", "-1"],
            ["search", "granite", "-k", "0"],
            ["search", "granite", "-k", "9223372036854775807"],
            ["search", "granite", "-k", "10000000000"],
            ["bench", "--queries", Fixture.documentsQueryFile(in: dir), "-k", "9223372036854775807"],
            ["bench", "--queries", Fixture.documentsQueryFile(in: dir), "--runs", "-3"],
        ]
        for arguments in runs {
            let result = try await QuarryCLI.run(arguments + ["--index", index])
            #expect(result.exitedCleanly && result.status != 0, "\(result)")
            #expect(result.stderr.contains("must be a whole number from"), "\(result)")
            #expect(!result.stderr.contains("Missing value"), "\(result)")
        }
        let fine = try await QuarryCLI.run(["search", "granite", "-k", "1000000", "--index", index])
        #expect(fine.succeeded, "\(fine)")
    }

    @Test func memoryBudgetOutOfRangeIsRefused() async throws {
        let dir = TemporaryDirectory("quarry-numbers")
        try Fixture.write("granite and basalt", to: dir.sub("docs/a.txt"))
        for value in ["0", "-5", "9223372036854775807", "15"] {
            let result = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", dir.sub("index"), "--memory-mb", value])
            #expect(result.exitedCleanly && result.status != 0, "\(result)")
            #expect(result.stderr.contains("--memory-mb must be a whole number from 16"), "\(result)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.sub("index/quarry.manifest")))
    }

    /// The library refuses limits and offsets beyond its maximum with a clear error, and takes the
    /// maximum itself: the top-k heap reserves a small amount and grows.
    @Test func hugeLibraryLimitSearches() throws {
        let dir = TemporaryDirectory("quarry-numbers")
        _ = try Fixture.buildIndex(at: dir.sub("index"))
        let searcher = try Searcher(indexPath: dir.sub("index"))
        for (limit, offset) in [(Int.max, 0), (10_000_000_000, 0), (1 << 40, 0), (10, Int.max), (-1, 0), (5, -1), (Searcher.maximumHits, 1)] {
            #expect(throws: QuarryError.self, "limit \(limit) offset \(offset)") {
                try searcher.search("granite", options: SearchOptions(limit: limit, offset: offset))
            }
        }
        let results = try searcher.search("granite", options: SearchOptions(limit: Searcher.maximumHits))
        #expect(!results.hits.isEmpty)
    }
}

extension Fixture {
    /// A one-line query file for `bench`.
    static func documentsQueryFile(in dir: TemporaryDirectory) -> String {
        let path = dir.sub("queries.txt")
        try? Fixture.write("granite\n", to: path)
        return path
    }
}
