import Foundation
import Testing
@testable import Quarry

/// `quarry index` refuses documents whose id is longer than an id can be looked up by (1,024
/// bytes): such a document could never be replaced or deleted by id, so appending the same file
/// again would have indexed it twice. The record or file is skipped with a warning; the rest goes in.
@Suite struct LongIDIngestTests {
    @Test func jsonLinesRecordsWithOverlongIdsAreSkippedAndReported() async throws {
        let dir = TemporaryDirectory("quarry-long-id")
        let longest = String(repeating: "k", count: IndexReader.maxLookupIDBytes)
        let tooLong = String(repeating: "t", count: IndexReader.maxLookupIDBytes + 1)
        try Fixture.write("""
            {"id": "\(longest)", "body": "granite longest"}
            {"id": "\(tooLong)", "body": "granite toolong"}
            {"id": "short", "body": "granite short"}

            """, to: dir.sub("docs.jsonl"))
        let index = dir.sub("index")
        for run in 0..<2 {
            if run == 1 {
                // Changed, so the append reads the file again.
                let handle = try #require(FileHandle(forWritingAtPath: dir.sub("docs.jsonl")))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("{\"id\": \"added\", \"body\": \"granite added\"}\n".utf8))
                try handle.close()
            }
            let result = try await QuarryCLI.run(["index", dir.sub("docs.jsonl"), "--index", index] + (run == 0 ? [] : ["--append"]))
            #expect(result.succeeded, "\(result)")
            #expect(result.stderr.contains("docs.jsonl:2: \"id\" is 1025 bytes, over the 1024 an id may have"), "\(result)")
        }
        // Read twice, still one copy of each record that was taken.
        let searcher = try Searcher(indexPath: index)
        #expect(try searcher.count("granite") == 3)
        #expect(try searcher.count("toolong") == 0)
        #expect(try IndexReader(path: index).liveDocument(withID: longest) != nil)
    }

    @Test func filesWhosePathIsTooLongForAnIdAreSkippedAndReported() async throws {
        let dir = TemporaryDirectory("quarry-long-path")
        // Five folders of 220 bytes each: the file's path from the indexed folder is over 1,024 bytes.
        let deep = (0..<5).map { String(repeating: Character(String(UnicodeScalar(UInt8(97 + $0)))), count: 220) }.joined(separator: "/")
        try Fixture.write("granite deep", to: dir.sub("docs/\(deep)/deep.txt"))
        try Fixture.write("granite shallow", to: dir.sub("docs/shallow.txt"))
        let result = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", dir.sub("index")])
        #expect(result.succeeded, "\(result)")
        #expect(result.stderr.contains("deep.txt: its path from the indexed folder is longer than 1024 bytes"), "\(result)")
        #expect(try Searcher(indexPath: dir.sub("index")).count("granite") == 1)
    }
}
