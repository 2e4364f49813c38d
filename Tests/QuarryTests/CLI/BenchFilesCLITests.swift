import Foundation
import Testing
@testable import Quarry

/// `quarry bench`'s files: a query file that cannot be read, is not text or holds no query, and a
/// per-query file that cannot be written, each get one clear error line before any timing.
@Suite struct BenchFilesCLITests {
    @Test func unusableFilesGetOneClearError() async throws {
        let dir = TemporaryDirectory("quarry-bench-files")
        let index = dir.sub("index")
        _ = try Fixture.buildIndex(at: index)
        try Fixture.write("", to: dir.sub("empty.txt"))
        try Fixture.write("  \n\n", to: dir.sub("blank.txt"))
        try Fixture.write([0xFF, 0xFE, 0x41], to: dir.sub("binary.txt"))
        let queries = Fixture.documentsQueryFile(in: dir)
        let cases: [([String], String)] = [
            (["--queries", dir.sub("missing.txt")], "cannot read the query file \(dir.sub("missing.txt")): No such file or directory"),
            (["--queries", dir.path], "cannot read the query file \(dir.path): it is a folder"),
            (["--queries", dir.sub("empty.txt")], "holds no queries"),
            (["--queries", dir.sub("blank.txt")], "holds no queries"),
            (["--queries", "/dev/null"], "holds no queries"),
            (["--queries", dir.sub("binary.txt")], "is not UTF-8 text"),
            (["--queries", queries, "--per-query", dir.sub("no/such/folder.tsv")],
             "cannot write the per-query file \(dir.sub("no/such/folder.tsv")): No such file or directory"),
        ]
        for (arguments, message) in cases {
            let result = try await QuarryCLI.run(["bench", "--index", index, "--runs", "1"] + arguments)
            #expect(result.exitedCleanly && result.status != 0, "\(result)")
            #expect(result.stderr.contains(message), "\(result)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain") && result.stdout.isEmpty, "\(result)")
        }
        let written = try await QuarryCLI.run(["bench", "--index", index, "--runs", "1", "--queries", queries, "--per-query", dir.sub("times.tsv")])
        #expect(written.succeeded, "\(written)")
        let lines = try String(contentsOfFile: dir.sub("times.tsv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "query\tmicroseconds\thits" && lines.count > 1)
        // A byte-order mark before the first query is not part of it.
        try Fixture.write([0xEF, 0xBB, 0xBF] + Array("granite\n".utf8), to: dir.sub("bom.txt"))
        let bom = try await QuarryCLI.run(["bench", "--index", index, "--runs", "1", "--queries", dir.sub("bom.txt"), "--per-query", dir.sub("bom.tsv")])
        #expect(bom.succeeded, "\(bom)")
        #expect(try String(contentsOfFile: dir.sub("bom.tsv"), encoding: .utf8).split(separator: "\n").dropFirst().first?.hasPrefix("granite\t") == true)
    }
}
