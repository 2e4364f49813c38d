import Foundation
import Testing
@testable import Quarry

/// Large documents are stored as a first block and continuation blocks (store format version 5),
/// so the start of a huge body reads without decompressing the rest.
@Suite struct LargeStoredDocumentTests {
    /// About `bytes` bytes of text whose multi-byte characters straddle block boundaries.
    static func body(bytes: Int, seed: Int) -> String {
        var text = "granite start \(seed) "
        var i = 0
        while text.utf8.count < bytes {
            text += "w\(i % 997) café 日本 🪨 "
            i += 1
        }
        return text
    }

    static let documents: [SourceDocument] = [
        SourceDocument(id: "small-0", title: "Small", body: "a small granite note"),
        SourceDocument(id: "huge-1", title: "Huge", body: body(bytes: 5 << 20, seed: 1)),
        SourceDocument(id: "small-2", title: "", body: "after the huge one"),
        SourceDocument(id: "edge-3", title: String(repeating: "t", count: 70_000), body: body(bytes: 65_536, seed: 3)),
        SourceDocument(id: "huge-4", title: "Second", body: body(bytes: 1 << 20, seed: 4)),
    ]

    /// Writes (or appends) `documents`; a new index's store is at the LZ4-family `fast` level,
    /// whose version 5 store these tests take apart.
    static func write(_ documents: [SourceDocument], to path: String) throws {
        let writer = try IndexWriter(path: path, mode: .append, storeCompression: .fast)
        for document in documents { try writer.add(document) }
        try writer.commit()
        writer.close()
    }

    /// Walking the store in order (merges, `check`) gives every document exactly as reading it
    /// alone does, across continuation blocks and small blocks, at both codecs.
    @Test(arguments: [StoreCompression.fast, .compact, .deflate])
    func walkingTheStoreReadsEveryDocument(level: StoreCompression) throws {
        let dir = TemporaryDirectory("quarry-store-walk")
        let writer = try IndexWriter(path: dir.sub("index"), storeCompression: level)
        let small = (0..<40).map { SourceDocument(id: "s\($0)", title: "t\($0)", body: Self.body(bytes: 3_000 + $0 * 97, seed: $0)) }
        for document in small.prefix(20) + Self.documents + small.suffix(20) { try writer.add(document) }
        try writer.commit()
        writer.close()
        let store = try IndexReader(path: dir.sub("index")).segments[0].store
        #expect(store.codec == StoreBlockCodec(level))
        var seen: [Int] = []
        try store.forEachDocument { doc, stored in
            seen.append(doc)
            let alone = try store.document(doc)
            #expect(stored == alone, "document \(doc)")
        }
        #expect(seen == Array(0..<store.documentCount) && seen.count == 45)
    }

    @Test func aHugeBodysPrefixDecompressesABoundedNumberOfBytes() throws {
        let dir = TemporaryDirectory("quarry-large-store")
        try Self.write(Self.documents, to: dir.sub("index"))
        let reader = try IndexReader(path: dir.sub("index"))
        let store = reader.segments[0].store
        #expect(store.version == 5)
        let limit = SnippetBuilder.bodyPrefixLimit
        let (prefix, decompressed) = try store.read(1, bodyPrefixBytes: limit)
        let full = Self.documents[1].body
        #expect(prefix.id == "huge-1" && prefix.title == "Huge")
        #expect(prefix.body.utf8.count <= limit && prefix.body.utf8.count > limit - 4)
        #expect(full.hasPrefix(prefix.body))
        // The prefix and at most one block on each side of it, whatever the body's size.
        #expect(decompressed <= limit + 2 * DocumentStoreWriter.blockSize, "\(decompressed) bytes decompressed")
        let (_, idOnly) = try store.read(1, bodyPrefixBytes: 0)
        #expect(idOnly <= DocumentStoreWriter.blockSize)
        // The whole document still reads back exactly, and so do its neighbours.
        for (i, document) in Self.documents.enumerated() {
            let stored = try reader.document(i)
            #expect(stored.id == document.id && stored.title == document.title && stored.body == document.body, "document \(i)")
            let short = try reader.document(i, bodyPrefixBytes: 1_000)
            #expect(document.body.hasPrefix(short.body) && short.body.utf8.count <= 1_000, "document \(i)")
        }
        // A search shows the huge hit's snippet from the start of its body.
        let searcher = try Searcher(indexPath: dir.sub("index"))
        let results = try searcher.search("granite", options: SearchOptions(limit: 10))
        let hit = try #require(results.hits.first { try searcher.document($0, bodyPrefixBytes: 0).id == "huge-1" })
        let snippet = SnippetBuilder(analyzer: searcher.reader.analyzer)
            .snippet(for: try searcher.document(hit, bodyPrefixBytes: limit), terms: searcher.highlightTerms(results.query))
        #expect(snippet.fragments.contains { $0.isMatch && $0.text == "granite" })
    }

    @Test func continuedDocumentsSurviveMergesAndCheck() throws {
        let dir = TemporaryDirectory("quarry-large-merge")
        let index = dir.sub("index")
        try Self.write(Array(Self.documents.prefix(3)), to: index)
        try Self.write(Array(Self.documents.suffix(2)), to: index)
        let writer = try IndexWriter(path: index, mode: .append)
        try writer.forceMerge()
        writer.close()
        let reader = try IndexReader(path: index)
        #expect(reader.segments.count == 1)
        for (i, document) in Self.documents.enumerated() {
            #expect(try reader.document(i).body == document.body, "document \(i)")
        }
        let report = try IndexChecker(path: index).run()
        #expect(report.isHealthy, "\(report.problems)")
    }

    /// Sets the version field of the segment's store file.
    static func setStoreVersion(_ version: UInt32, index: String) throws -> String {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: index).first { $0.hasSuffix(".store") })
        let handle = try #require(FileHandle(forUpdatingAtPath: index + "/" + name))
        try handle.seek(toOffset: 8)
        try handle.write(contentsOf: withUnsafeBytes(of: version.littleEndian) { Data($0) })
        try handle.close()
        return name
    }

    @Test func versionFourStoresStillReadButMayNotContinueBlocks() throws {
        let dir = TemporaryDirectory("quarry-store-v4")
        // Small documents only: a version 4 store holds the same bytes.
        let small = dir.sub("small")
        try Self.write([Self.documents[0], Self.documents[2]], to: small)
        _ = try Self.setStoreVersion(4, index: small)
        let reader = try IndexReader(path: small)
        #expect(reader.segments[0].store.version == 4)
        #expect(try reader.document(1).body == "after the huge one")
        // Continuation blocks in a store that says version 4 are refused when it is opened.
        let large = dir.sub("large")
        try Self.write(Self.documents, to: large)
        let name = try Self.setStoreVersion(4, index: large)
        #expect {
            _ = try IndexReader(path: large)
        } throws: { error in
            "\(error)".contains(name) && "\(error)".contains("out of order")
        }
        // And a version this build does not know is an error naming both.
        _ = try Self.setStoreVersion(7, index: large)
        #expect {
            _ = try IndexReader(path: large)
        } throws: { error in
            "\(error)".contains("format version 7, this build reads versions 4 to 6")
        }
    }
}
