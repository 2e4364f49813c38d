import Testing
@testable import Quarry

/// A damaged compressed block in a segment's `.store` file: reading a document from it throws a
/// ``QuarryError/corruptIndex(_:)`` that names the file, the block and what is wrong. The store
/// is written at the LZ4-family `fast` level, whose bytes these tests damage by hand (DEFLATE
/// blocks are damaged in `DeflateBlockCodecTests`).
@Suite struct DamagedStoreBlockTests {
    /// An index of one segment whose store has a single block with matches in it.
    private func makeIndex(_ dir: TemporaryDirectory) throws -> (index: String, store: String, blockStart: Int, blockLength: Int) {
        let index = dir.sub("index")
        let documents = (0..<20).map { i in
            SourceDocument(id: "doc\(i)", title: "Granite report \(i)",
                           body: "The quarry shipped granite blocks north by barge. " + String(repeating: "Masons cut stone in spring. ", count: 5 + i))
        }
        try Fixture.writeIndex(at: index, documents: documents, storeCompression: .fast)
        let name = try #require(try Fixture.segmentFiles(in: index).first { $0.hasSuffix(".store") })
        let store = index + "/" + name
        let bytes = try Fixture.contents(store)
        // The trailer ends the body (before the 8-byte footer); the block index entry 0 follows indexOffset.
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        let trailer = bytes.count - FileFormat.footerSize - 16
        let indexOffset = u64(trailer)
        try #require(u32(trailer + 8) == 1, "expected one store block")
        let blockStart = u64(indexOffset + 8)
        let blockLength = u32(indexOffset + 16)
        return (index, store, blockStart, blockLength)
    }

    private func readFirstHit(_ index: String) throws -> StoredDocument {
        let searcher = try Searcher(indexPath: index)
        let hit = try #require(try searcher.search("granite", options: SearchOptions(limit: 1)).hits.first)
        return try searcher.document(hit)
    }

    private func expectCorrupt(_ index: String, mentioning words: [String]) {
        do {
            let document = try readFirstHit(index)
            Issue.record("a damaged store block was read: \(document.id)")
        } catch let error as QuarryError {
            let message = "\(error)"
            #expect(message.hasPrefix("corrupt index:"), "\(message)")
            for word in words { #expect(message.contains(word), "\(message) does not mention \(word)") }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func intactStoreReads() throws {
        let dir = TemporaryDirectory("quarry-store-damage")
        let (index, _, _, _) = try makeIndex(dir)
        #expect(try readFirstHit(index).body.contains("Masons cut stone"))
    }

    @Test func overwrittenBlockIsReported() throws {
        let dir = TemporaryDirectory("quarry-store-damage")
        let (index, store, start, length) = try makeIndex(dir)
        var bytes = try Fixture.contents(store)
        for i in start..<(start + length) { bytes[i] = 0xFF }
        try Fixture.write(bytes, to: store)
        expectCorrupt(index, mentioning: [".store", "store block 0", "does not decompress"])
    }

    @Test func zeroedMatchOffsetIsReported() throws {
        let dir = TemporaryDirectory("quarry-store-damage")
        let (index, store, start, _) = try makeIndex(dir)
        var bytes = try Fixture.contents(store)
        // Skip the first sequence's token, literal-length extension and literals to its offset.
        var at = start + 1
        var literals = Int(bytes[start] >> 4)
        if literals == 15 {
            while true { let b = Int(bytes[at]); at += 1; literals += b; if b != 255 { break } }
        }
        at += literals
        bytes[at] = 0
        bytes[at + 1] = 0
        try Fixture.write(bytes, to: store)
        expectCorrupt(index, mentioning: [".store", "store block 0", "match offset 0"])
    }

    /// A read of only a document's start (as a snippet reads) decodes the block only that far,
    /// and still reports damage it meets there.
    @Test func damageMetByAPrefixReadIsReported() throws {
        let dir = TemporaryDirectory("quarry-store-damage")
        let (index, store, start, length) = try makeIndex(dir)
        var bytes = try Fixture.contents(store)
        for i in start..<(start + length) { bytes[i] = 0xFF }
        try Fixture.write(bytes, to: store)
        let searcher = try Searcher(indexPath: index)
        let hit = try #require(try searcher.search("granite", options: SearchOptions(limit: 1)).hits.first)
        do {
            let document = try searcher.document(hit, bodyPrefixBytes: 16)
            Issue.record("a damaged store block was read: \(document.id)")
        } catch let error as QuarryError {
            let message = "\(error)"
            for word in [".store", "store block 0", "does not decompress"] { #expect(message.contains(word), "\(message)") }
        }
    }

    @Test func blockCutShortIsReported() throws {
        let dir = TemporaryDirectory("quarry-store-damage")
        let (index, store, _, length) = try makeIndex(dir)
        var bytes = try Fixture.contents(store)
        // Shrink the block's compressedLength field by one: the block then ends mid-stream.
        let trailer = bytes.count - FileFormat.footerSize - 16
        let indexOffset = (0..<8).reduce(0) { $0 | Int(bytes[trailer + $1]) << (8 * $1) }
        bytes[indexOffset + 16] = UInt8((length - 1) & 0xFF)
        bytes[indexOffset + 17] = UInt8(((length - 1) >> 8) & 0xFF)
        try Fixture.write(bytes, to: store)
        expectCorrupt(index, mentioning: [".store", "store block 0", "does not decompress"])
    }
}
