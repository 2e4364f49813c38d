import Foundation
import Testing
@testable import Quarry

/// `quarry index --field`: extra JSON Lines members indexed, searched as `name:word`, shown in
/// `search --json` and `get --json`; bad names refused; other fields rebuild the index.
@Suite struct FieldsCLITests {
    static let records = """
        {"id": "1", "title": "Granite", "body": "A hard rock cut in a quarry.", "author": "John Smith", "tags": ["stone", "rock"]}
        {"id": "2", "title": "Marble", "body": "Smith carved marble tiles.", "author": "Ann Jones", "tags": "stone"}
        {"id": "3", "title": "Basalt", "body": "Columns of cooled lava.", "author": 42}

        """

    static func buildIndex(in dir: TemporaryDirectory, fields: [String] = ["author", "tags"]) async throws -> String {
        try Fixture.write(records, to: dir.sub("docs.jsonl"))
        let result = try await QuarryCLI.run(["index", dir.sub("docs.jsonl"), "--index", dir.sub("index")] + fields.flatMap { ["--field", $0] })
        try #require(result.succeeded, "\(result)")
        return dir.sub("index")
    }

    static func ids(_ query: String, index: String) async throws -> [String] {
        let result = try await QuarryCLI.run(["search", query, "--index", index, "--json"])
        try #require(result.succeeded, "\(result)")
        let hits = try result.json()["hits"] as? [[String: Any]] ?? []
        return hits.compactMap { $0["id"] as? String }
    }

    @Test func fieldsAreSearchedAndShown() async throws {
        let dir = TemporaryDirectory("quarry-fields-cli")
        let index = try await Self.buildIndex(in: dir)
        #expect(try await Self.ids("author:smith", index: index) == ["1"])
        #expect(try await Self.ids("author:\"john smith\"", index: index) == ["1"])
        #expect(try await Self.ids("author:\"smith john\"", index: index) == [])
        #expect(try await Self.ids("tags:rock", index: index) == ["1"])
        #expect(Set(try await Self.ids("tags:stone", index: index)) == ["1", "2"])
        // A plain word searches the extra fields too; body: leaves out the title.
        #expect(Set(try await Self.ids("smith", index: index)) == ["1", "2"])
        #expect(try await Self.ids("body:smith", index: index) == ["2"])
        #expect(try await Self.ids("body:granite", index: index) == [])

        let search = try await QuarryCLI.run(["search", "author:smith", "--index", index, "--json"])
        let hit = try #require((try search.json()["hits"] as? [[String: Any]])?.first)
        #expect(hit["fields"] as? [String: String] == ["author": "John Smith", "tags": "stone rock"])
        let keys = SearchJSONCLITests.keysInOrder(search.stdout).first { $0.first == "rank" }
        #expect(keys == ["rank", "score", "id", "title", "fields", "snippet", "highlights"], "\(search.stdout)")

        let get = try await QuarryCLI.run(["get", "3", "--index", index, "--json"])
        try #require(get.succeeded, "\(get)")
        #expect(try get.json()["fields"] as? [String: String] == ["author": "", "tags": ""])
    }

    @Test func weightZeroTakesAFieldOutOfPlainWords() async throws {
        let dir = TemporaryDirectory("quarry-fields-weight")
        let index = try await Self.buildIndex(in: dir)
        let result = try await QuarryCLI.run(["search", "smith", "--index", index, "--json", "--weight", "author=0"])
        try #require(result.succeeded, "\(result)")
        let hits = try result.json()["hits"] as? [[String: Any]] ?? []
        #expect(hits.compactMap { $0["id"] as? String } == ["2"])
        let unknown = try await QuarryCLI.run(["search", "smith", "--index", index, "--weight", "editor=2"])
        #expect(!unknown.succeeded && unknown.stderr.contains("no field editor"), "\(unknown)")
    }

    @Test func unknownFieldsAndBadNamesAreRefused() async throws {
        let dir = TemporaryDirectory("quarry-fields-errors")
        let index = try await Self.buildIndex(in: dir)
        let unknown = try await QuarryCLI.run(["search", "editor:smith", "--index", index])
        #expect(!unknown.succeeded && unknown.stderr.contains("unknown field 'editor'") && unknown.stderr.contains("column 1"), "\(unknown)")
        for bad in ["title", "body", "x y", "1st", "a:b"] {
            let result = try await QuarryCLI.run(["index", dir.sub("docs.jsonl"), "--index", dir.sub("other"), "--field", bad])
            #expect(!result.succeeded && result.stderr.contains("--field"), "\(result)")
        }
        let twice = try await QuarryCLI.run(["index", dir.sub("docs.jsonl"), "--index", dir.sub("other"), "--field", "a", "--field", "a"])
        #expect(!twice.succeeded && twice.stderr.contains("twice"), "\(twice)")
    }

    @Test func otherFieldsRebuildAndNoneKeepsThem() async throws {
        let dir = TemporaryDirectory("quarry-fields-rebuild")
        let index = try await Self.buildIndex(in: dir)
        // No --field: an update keeps the index's fields.
        let again = try await QuarryCLI.run(["index", dir.sub("docs.jsonl"), "--index", index])
        try #require(again.succeeded, "\(again)")
        #expect(try IndexReader(path: index).extraFieldNames == ["author", "tags"])
        // Other fields: a rebuild, with a note.
        let other = try await QuarryCLI.run(["index", dir.sub("docs.jsonl"), "--index", index, "--field", "author"])
        try #require(other.succeeded, "\(other)")
        #expect(other.stderr.contains("rebuilding the index"), "\(other)")
        #expect(try IndexReader(path: index).extraFieldNames == ["author"])
        let gone = try await QuarryCLI.run(["search", "tags:rock", "--index", index])
        #expect(!gone.succeeded && gone.stderr.contains("unknown field 'tags'"), "\(gone)")
    }

    /// The library refuses to append with other fields than the index's.
    @Test func writerRefusesOtherFieldsOnAppend() throws {
        let dir = TemporaryDirectory("quarry-fields-append")
        let writer = try IndexWriter(path: dir.path, extraFields: ["author"])
        try writer.add(SourceDocument(id: "1", title: "t", body: "b", fields: ["author": "x"]))
        try writer.commit()
        writer.close()
        #expect(throws: QuarryError.self) { try IndexWriter(path: dir.path, mode: .append, extraFields: ["tags"]) }
        let kept = try IndexWriter(path: dir.path, mode: .append)
        #expect(kept.extraFields == ["author"])
        kept.close()
    }
}
