import Foundation
import Testing
@testable import Quarry

/// `quarry delete`: ids and queries that look odd on a command line.
@Suite struct DeleteCLITests {
    static func index(_ dir: TemporaryDirectory) async throws -> String {
        try Fixture.write("""
            {"id": "old-draft", "title": "Old draft", "body": "an old draft"}
            {"id": "old-final", "title": "Old final", "body": "an old final text"}
            {"id": "new-draft", "title": "New draft", "body": "a new draft"}

            """, to: dir.sub("docs.jsonl"))
        let built = try await QuarryCLI.run(["index", dir.sub("docs.jsonl"), "--index", dir.sub("index")])
        try #require(built.succeeded, "\(built)")
        return dir.sub("index")
    }

    /// A query that starts with `-` is the query, not an unknown option.
    @Test func queryStartingWithAMinusIsTheQuery() async throws {
        let dir = TemporaryDirectory("quarry-delete")
        let index = try await Self.index(dir)
        let result = try await QuarryCLI.run(["delete", "--index", index, "--query", "-draft +old", "--json"])
        #expect(result.succeeded && result.stdout == "{\"deleted\":1,\"not_found\":[]}\n", "\(result)")
        let reader = try IndexReader(path: index)
        #expect(try reader.liveDocument(withID: "old-final") == nil)
        #expect(try reader.liveDocument(withID: "old-draft") != nil && reader.liveDocument(withID: "new-draft") != nil)
        // A query that is only an exclusion matches (and deletes) nothing.
        let none = try await QuarryCLI.run(["delete", "--index", index, "--query", "-draft"])
        #expect(none.succeeded && none.stdout == "Deleted 0 documents.\n", "\(none)")
    }
}
