import Foundation
import Testing
@testable import Quarry

/// `StoreCompression.high` and `.deflate`: smaller stores holding the same documents, answering the
/// same searches; the level is kept by the index for appends and merges, and can be changed.
@Suite struct StoreCompressionTests {
    let dir = TemporaryDirectory("store-compression")

    /// Text-like documents with repeats between them, as real articles have.
    static func documents(count: Int, from start: Int = 0) -> [SourceDocument] {
        var rng = SplitMix(seed: 23)
        let words = ["the", "granite", "quarry", "river", "masons", "stone", "harbour", "north", "spring", "crane",
                     "ledger", "shipped", "blocks", "were", "cut", "in", "of", "and", "valley", "bridge"]
        return (0..<(start + count)).compactMap { i in
            let sentences = (0..<(3 + Int(rng.next() % 8))).map { _ in
                (0..<(6 + Int(rng.next() % 10))).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            }
            guard i >= start else { return nil }
            return SourceDocument(id: "d\(i)", title: "document \(i)", body: sentences.joined(separator: ". "))
        }
    }

    func build(_ name: String, level: StoreCompression?) throws -> IndexReader {
        let writer = try IndexWriter(path: dir.sub(name), storeCompression: level)
        for document in Self.documents(count: 400) { try writer.add(document) }
        try writer.commit()
        writer.close()
        return try IndexReader(path: dir.sub(name))
    }

    static func storeBytes(_ reader: IndexReader) -> Int {
        reader.manifest.segments.reduce(0) { $0 + ($1.fileSizes[FileFormat.Kind.store.fileExtension] ?? 0) }
    }

    @Test func highIsSmallerAndAnswersTheSame() throws {
        let fast = try build("fast", level: .fast), high = try build("high", level: .high)
        #expect(fast.manifest.storeCompression == .fast)
        #expect(high.manifest.storeCompression == .high)
        let fastBytes = Self.storeBytes(fast), highBytes = Self.storeBytes(high)
        #expect(highBytes * 100 < fastBytes * 95, "high \(highBytes) bytes, fast \(fastBytes)")
        for doc in [0, 1, 199, 399] {
            #expect(try high.document(doc) == fast.document(doc))
        }
        try Self.expectSameSearches(fast, high)
        #expect(try IndexChecker(path: dir.sub("high")).run().isHealthy)
    }

    /// A new index gets `compact`: DEFLATE blocks written by Quarry's own compressor, a good deal
    /// smaller than `fast`, holding the same documents (whole and by prefix) and answering alike.
    @Test func compactIsTheDefaultAndSmallerThanFast() throws {
        let fast = try build("fast-for-compact", level: .fast), compact = try build("compact", level: nil)
        #expect(compact.manifest.storeCompression == .compact)
        #expect(compact.segments.allSatisfy { $0.store.codec == .deflate && $0.store.version == FileFormat.storeVersionWithCodec })
        let fastBytes = Self.storeBytes(fast), compactBytes = Self.storeBytes(compact)
        #expect(compactBytes * 100 < fastBytes * 85, "compact \(compactBytes) bytes, fast \(fastBytes)")
        try Self.expectSameDocuments(fast, compact)
        try Self.expectSameSearches(fast, compact)
        #expect(try IndexChecker(path: dir.sub("compact")).run().isHealthy)
        // The level survives reopening for an append.
        let appended = try deleteAndMerge("d5", in: "compact", level: nil, adding: Self.documents(count: 20, from: 400))
        #expect(appended.manifest.storeCompression == .compact && appended.liveDocumentCount == 419)
    }

    /// The same stored documents, whole and by the start of their bodies (which reads without
    /// decoding the rest), in two indexes of the same documents.
    static func expectSameDocuments(_ one: IndexReader, _ other: IndexReader) throws {
        for doc in [0, 1, 199, 399] {
            #expect(try other.document(doc) == one.document(doc))
            #expect(try other.document(doc, bodyPrefixBytes: 20).body == String(one.document(doc).body.utf8.prefix(20))!)
        }
    }

    /// The same hits and totals from two indexes of the same documents.
    static func expectSameSearches(_ one: IndexReader, _ other: IndexReader) throws {
        let a = Searcher(reader: one), b = Searcher(reader: other)
        for text in ["granite quarry", "\"north valley\"", "+crane -ledger"] {
            let options = SearchOptions(limit: 10, countTotal: true)
            let x = try a.search(text, options: options), y = try b.search(text, options: options)
            #expect(x.hits == y.hits && x.total == y.total, "\(text)")
        }
    }

    /// Appends `adding` to index `name` at `level`, deletes document `id` (so the merge compresses
    /// that segment's store again), commits, merges everything into one segment and reopens it.
    func deleteAndMerge(_ id: String, in name: String, level: StoreCompression?, adding: [SourceDocument] = []) throws -> IndexReader {
        let writer = try IndexWriter(path: dir.sub(name), mode: .append, storeCompression: level)
        for document in adding { try writer.add(document) }
        #expect(try writer.delete(id: id))
        try writer.commit()
        try writer.forceMerge()
        writer.close()
        return try IndexReader(path: dir.sub(name))
    }

    /// An append without a level keeps the index's; a merge that compresses again (a segment with
    /// deletions) uses it; naming another level switches new blocks to it.
    @Test func appendsAndMergesKeepTheLevel() throws {
        _ = try build("kept", level: .high)
        let merged = try deleteAndMerge("d3", in: "kept", level: nil, adding: Self.documents(count: 100, from: 400))
        #expect(merged.manifest.storeCompression == .high)
        #expect(merged.manifest.segments.count == 1 && merged.liveDocumentCount == 499)

        // The same documents merged at the fast level make a larger store.
        let fastMerged = try deleteAndMerge("d4", in: "kept", level: .fast)
        #expect(fastMerged.manifest.storeCompression == .fast)
        #expect(Self.storeBytes(fastMerged) > Self.storeBytes(merged), "recompressed at the fast level")
        #expect(try fastMerged.document(fastMerged.liveDocument(withID: "d450")!).id == "d450")
        #expect(try IndexChecker(path: dir.sub("kept")).run().isHealthy)
    }

    @Test func deflateIsSmallestAndAnswersTheSame() throws {
        let high = try build("high-for-deflate", level: .high), deflate = try build("deflate", level: .deflate)
        #expect(deflate.manifest.storeCompression == .deflate)
        #expect(deflate.segments.allSatisfy { $0.store.codec == .deflate && $0.store.version == FileFormat.storeVersionWithCodec })
        #expect(high.segments.allSatisfy { $0.store.codec == .lz77 && $0.store.version == FileFormat.storeVersion })
        let highBytes = Self.storeBytes(high), deflateBytes = Self.storeBytes(deflate)
        #expect(deflateBytes * 100 < highBytes * 90, "deflate \(deflateBytes) bytes, high \(highBytes)")
        try Self.expectSameDocuments(high, deflate)
        try Self.expectSameSearches(high, deflate)
        #expect(try IndexChecker(path: dir.sub("deflate")).run().isHealthy)
    }

    /// Segments whose stores have different codecs merge into a store of the index's codec: blocks
    /// of another codec are compressed again, not copied, so every document still reads.
    @Test func mergingAcrossCodecsRecompresses() throws {
        for (first, second) in [(StoreCompression.fast, StoreCompression.deflate), (.deflate, .high)] {
            let name = "mixed-\(first.rawValue)-\(second.rawValue)"
            _ = try build(name, level: first)
            let writer = try IndexWriter(path: dir.sub(name), mode: .append, storeCompression: second)
            for document in Self.documents(count: 50, from: 400) { try writer.add(document) }
            try writer.commit()
            let before = try IndexReader(path: dir.sub(name))
            #expect(Set(before.segments.map(\.store.codec)) == [StoreBlockCodec(first), StoreBlockCodec(second)])
            try writer.forceMerge()
            writer.close()
            let merged = try IndexReader(path: dir.sub(name))
            #expect(merged.manifest.segments.count == 1)
            #expect(merged.segments[0].store.codec == StoreBlockCodec(second))
            for id in ["d0", "d217", "d399", "d400", "d449"] {
                #expect(try merged.document(merged.liveDocument(withID: id)!).id == id)
            }
            #expect(try IndexChecker(path: dir.sub(name)).run().isHealthy)
        }
    }

    /// A store that names a codec this build does not know is refused as unsupported, not misread.
    @Test func unknownCodecIsAClearError() throws {
        _ = try build("unknown-codec", level: .deflate)
        let reader = try IndexReader(path: dir.sub("unknown-codec"))
        let name = reader.manifest.segments[0].name + ".store"
        let path = dir.sub("unknown-codec") + "/" + name
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // The codec is the first field of the 20-byte trailer, before the footer.
        let at = bytes.count - FileFormat.footerSize - 20
        #expect(bytes[at] == UInt8(StoreBlockCodec.deflate.rawValue))
        bytes[at] = 9
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            try DocumentStoreReader(file: MappedFile(path: path), name: name)
        } throws: { error in
            guard case QuarryError.unsupportedVersion(let message) = error else { return false }
            return message.contains("store block codec 9 is not supported")
        }
    }
}
