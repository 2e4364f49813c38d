import Foundation
import Testing
@testable import Quarry

/// `StoreCompression.high`: a smaller store holding the same documents, answering the same
/// searches; the level is kept by the index for appends and merges, and can be changed.
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
        let fast = try build("fast", level: nil), high = try build("high", level: .high)
        #expect(fast.manifest.storeCompression == .fast)
        #expect(high.manifest.storeCompression == .high)
        let fastBytes = Self.storeBytes(fast), highBytes = Self.storeBytes(high)
        #expect(highBytes * 100 < fastBytes * 95, "high \(highBytes) bytes, fast \(fastBytes)")
        for doc in [0, 1, 199, 399] {
            #expect(try high.document(doc) == fast.document(doc))
        }
        let a = Searcher(reader: fast), b = Searcher(reader: high)
        for text in ["granite quarry", "\"north valley\"", "+crane -ledger"] {
            let options = SearchOptions(limit: 10, countTotal: true)
            let x = try a.search(text, options: options), y = try b.search(text, options: options)
            #expect(x.hits == y.hits && x.total == y.total, "\(text)")
        }
        #expect(try IndexChecker(path: dir.sub("high")).run().isHealthy)
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
}
