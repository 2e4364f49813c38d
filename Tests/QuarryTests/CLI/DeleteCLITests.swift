import Foundation
import Testing
@testable import Quarry

/// `quarry delete` and `quarry get`: ids and queries that look odd on a command line.
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

    /// An empty id, or one too long to be indexed, is an error that says so, not "no document":
    /// a document with a 2,000-byte id (which the library stores, unindexed; `quarry index`
    /// refuses such records) is in the index, but no id look-up can find it.
    @Test func idsThatCannotBeLookedUpAreErrors() async throws {
        let dir = TemporaryDirectory("quarry-delete")
        let long = String(repeating: "L", count: 2000)
        let index = dir.sub("index")
        let writer = try IndexWriter(path: index)
        try writer.add(SourceDocument(id: long, title: "", body: "longid"))
        try writer.add(SourceDocument(id: "s", title: "", body: "short"))
        try writer.commit()
        writer.close()
        let tooLong = "ids over 1024 bytes are stored but not indexed, so no document can be looked up by this one (2000 bytes): find the document with a search"
        let get = try await QuarryCLI.run(["get", "--index", index, long])
        #expect(get.exitedCleanly && get.status == 1 && get.stderr == "quarry: error: \(tooLong)\n", "\(get)")
        let empty = try await QuarryCLI.run(["get", "--index", index, ""])
        #expect(empty.exitedCleanly && empty.status == 1 && empty.stderr == "quarry: error: the id is empty\n", "\(empty)")
        // Nothing is deleted when one of the ids cannot be looked up.
        let delete = try await QuarryCLI.run(["delete", "--index", index, "s", long])
        #expect(delete.exitedCleanly && delete.status == 1 && delete.stderr == "quarry: error: cannot delete by id: \(tooLong)\n", "\(delete)")
        #expect(try IndexReader(path: index).liveDocumentCount == 2)
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
