import Foundation
import Testing
@testable import Quarry

/// With `--json`, errors are a JSON object on stdout with the exit code they have without it;
/// `quarry --version` prints the library's version.
@Suite struct JSONErrorCLITests {
    @Test func errorsAreJSONWithTheSameExitCode() async throws {
        let dir = TemporaryDirectory("quarry-json-errors")
        _ = try Fixture.buildIndex(at: dir.sub("index"))
        let index = ["--index", dir.sub("index")]
        let cases: [([String], String, Int?)] = [
            (["search", "(granite quarry"] + index, "expected ')' to close the '(' at column 1", 16),
            (["search", "granite", "-k", "0"] + index, "-k must be a whole number from 1 to 1000000, got 0", nil),
            (["search", "granite", "--index", dir.sub("missing")], "not a Quarry index: \(dir.sub("missing")) does not exist (create one with `quarry index`)", nil),
            (["stats", "--bogus"] + index, "Unknown option '--bogus'", nil),
            (["index", dir.sub("nothing-here")] + ["--index", dir.sub("other")], "no such file or folder: \(dir.sub("nothing-here"))", nil),
            (["eval", "--qrels", dir.sub("q.txt"), dir.sub("run.txt")], "\(dir.sub("q.txt")): cannot read the file: no such file or directory", nil),
        ]
        for (arguments, message, column) in cases {
            let plain = try await QuarryCLI.run(arguments)
            let json = try await QuarryCLI.run(arguments + ["--json"])
            #expect(plain.exitedCleanly && plain.status != 0 && plain.stdout.isEmpty, "\(plain)")
            #expect(json.exitedCleanly && json.status == plain.status, "\(json) vs \(plain)")
            #expect(json.stderr.isEmpty, "\(json)")
            let object = try json.json()
            #expect(object["error"] as? String == message, "\(json)")
            #expect(object["column"] as? Int == column, "\(json)")
            if column != nil { #expect(json.stdout.hasPrefix("{\"error\":"), "keys in a fixed order: \(json)") }
        }
        // After `--`, "--json" is query text, not the flag.
        let query = try await QuarryCLI.run(["search"] + index + ["--", "--json"])
        #expect(!query.stdout.hasPrefix("{"), "\(query)")
    }

    @Test func versionIsTheLibrarysVersion() async throws {
        let result = try await QuarryCLI.run(["--version"])
        #expect(result.succeeded && result.stdout == QuarryVersion.current + "\n", "\(result)")
    }

    @Test func statsKeysComeInAFixedOrder() async throws {
        let dir = TemporaryDirectory("quarry-json-order")
        _ = try Fixture.buildIndex(at: dir.sub("index"))
        let result = try await QuarryCLI.run(["stats", "--json", "--index", dir.sub("index")])
        #expect(result.succeeded, "\(result)")
        let keys = ["documents", "terms", "postings", "positions", "bytes", "total_bytes", "segments", "bits_per_posting",
                    "bits_per_position", "average_length", "format_version", "generation", "analyzer", "bm25"]
        let positions = keys.map { result.stdout.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(result)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(result)")
        #expect(result.stdout.contains("\"bm25\":{\"k1\":1.2,\"b\":0.75}"), "\(result)")
    }
}
