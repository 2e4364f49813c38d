import Foundation
import Testing
@testable import Quarry

/// Manifests name their fields: the built-in ones, then valid extra fields. Crafted field lists and
/// counts that do not agree with the segment files are refused with clear errors.
@Suite struct ManifestFieldsTests {
    static func manifest(fields: [String], totals: [UInt64]) -> Manifest {
        Manifest(generation: 3, analyzer: .standard, k1: 1.2, b: 0.75, fields: fields,
                 segments: [.init(name: "s1", documentCount: 2, fieldTokenTotals: totals, fileSizes: [:])])
    }

    @Test func extraFieldsRoundTrip() throws {
        let original = Self.manifest(fields: ["text", "title", "id", "author", "tags"], totals: [9, 2, 0, 3, 4])
        let decoded = try ManifestAnalyzerTests.decode(original.encoded())
        #expect(decoded == original)
        #expect(ExtraFields.names(in: decoded.fields) == ["author", "tags"])
    }

    @Test(arguments: [["text", "title", "id", "author", "author"], ["text", "title", "id", "bad name"], ["text", "title", "id", "body"],
                      ["title", "text", "id"], ["text", "id"], ["text", "title", "id", "title"], ["text", "title", "id", ""]])
    func badFieldListsAreRefused(fields: [String]) throws {
        let bytes = Self.manifest(fields: fields, totals: fields.map { _ in 1 }).encoded()
        #expect {
            try ManifestAnalyzerTests.decode(bytes)
        } throws: { error in
            guard case QuarryError.corruptIndex(let message) = error else { return false }
            return message.contains("fields")
        }
    }

    /// A segment whose totals do not match the field count misreads the rest: an error, not a crash.
    @Test func totalsOfAnotherFieldCountAreRefused() throws {
        let bytes = Self.manifest(fields: ["text", "title", "id", "author"], totals: [9, 2, 0]).encoded()
        #expect(throws: QuarryError.self) { try ManifestAnalyzerTests.decode(bytes) }
    }

    /// A manifest claiming an extra field its segments' lengths files do not have.
    @Test func fieldsTheSegmentsLackAreRefused() throws {
        let dir = TemporaryDirectory()
        let writer = try IndexWriter(path: dir.path)
        try writer.add(SourceDocument(id: "1", title: "a", body: "b c"))
        try writer.commit()
        writer.close()
        let directory = IndexDirectory(path: dir.path)
        var manifest = try Manifest.load(from: directory)
        manifest.fields.append("author")
        for i in manifest.segments.indices { manifest.segments[i].fieldTokenTotals.append(0) }
        try directory.atomicReplace(IndexDirectory.manifestName, with: manifest.encoded())
        #expect {
            try IndexReader(path: dir.path)
        } throws: { error in
            guard case QuarryError.corruptIndex(let message) = error else { return false }
            return message.contains(".lengths")
        }
    }

    /// Documents keep their extra fields through merges (with and without deletions).
    @Test func mergesKeepExtraFields() throws {
        let dir = TemporaryDirectory()
        let writer = try IndexWriter(path: dir.path, extraFields: ["author"])
        for i in 0..<30 {
            try writer.add(SourceDocument(id: "d\(i)", title: "t\(i)", body: "body \(i)", fields: ["author": "writer\(i % 3)"]))
            if i % 10 == 9 { try writer.commit() }
        }
        try writer.delete(id: "d4")
        try writer.forceMerge()
        writer.close()
        let searcher = try Searcher(indexPath: dir.path)
        #expect(searcher.reader.segments.count == 1)
        #expect(try searcher.count(.term("writer1", field: "author")) == 9)  // d4 deleted
        #expect(try searcher.count(.term("writer2")) == 10)
        let doc = try #require(try searcher.reader.liveDocument(withID: "d7"))
        #expect(try searcher.reader.document(doc).fields == [FieldValue(name: "author", value: "writer1")])
        #expect(try searcher.reader.document(doc, bodyPrefixBytes: 2).fields == [FieldValue(name: "author", value: "writer1")])
    }
}
