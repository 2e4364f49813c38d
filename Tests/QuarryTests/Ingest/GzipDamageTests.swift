import Foundation
import Testing
@testable import Quarry

/// Damaged, truncated and multi-member `.jsonl.gz` files, and a byte-order mark before JSON Lines.
@Suite("Ingest: damaged gzip and byte-order marks")
struct GzipDamageTests {
    /// `count` JSON lines of about 120 bytes each, ids `r0`, `r1`, …
    static func lines(_ count: Int, from first: Int = 0) -> [UInt8] {
        var text = ""
        for i in first..<first + count {
            text += "{\"id\": \"r\(i)\", \"title\": \"record \(i)\", \"body\": \"granite quarry text of record number \(i), padded out with words\"}\n"
        }
        return Array(text.utf8)
    }

    /// The ids the reader delivers before it throws (or all of them), and the error.
    static func read(_ path: String) -> (ids: [String], error: IngestError?) {
        var ids: [String] = []
        do {
            try JSONLReader(path: path).forEach { record in
                if case .document(let document, _, _, _) = record { ids.append(document.id) }
            }
            return (ids, nil)
        } catch {
            return (ids, error as? IngestError)
        }
    }

    @Test func crcMismatchInTheTrailerKeepsEveryRecord() throws {
        let dir = TemporaryDirectory("quarry-gzip-crc")
        // 20,000 records (2.4 MB, more than one read chunk) in stored deflate blocks.
        var gz = Fixture.gzip(Self.lines(20_000))
        gz[gz.count - 8] ^= 0xFF  // the CRC-32 field of the trailer
        let path = dir.sub("big.jsonl.gz")
        try Fixture.write(gz, to: path)
        let (ids, error) = Self.read(path)
        #expect(ids.count == 20_000 && ids.last == "r19999")
        let reason = try #require(error?.reason)
        #expect(reason.contains("CRC mismatch in the gzip trailer"), "\(reason)")
        #expect(!reason.contains("<fd:"), "\(reason)")

        let (items, summary) = try IngestTestSupport.collect(DocumentSource(paths: [path]))
        #expect(summary.documents == 20_000 && summary.skipped == 0 && summary.damaged == 1)
        let damaged = items.compactMap { item -> String? in
            if case .damaged(let source, let reason) = item { return "\(source): \(reason)" }
            return nil
        }
        #expect(damaged == ["\(path): CRC mismatch in the gzip trailer of member 1; the 20000 records read before it were kept"])
    }

    @Test func damageInTheMiddleStopsTheFileAtTheDamage() throws {
        let dir = TemporaryDirectory("quarry-gzip-mid")
        let raw = Self.lines(2_000)  // 2 stored blocks of 65,535 bytes, then the rest
        var gz = Fixture.gzip(raw)
        // The second stored block's header: its length's one's complement no longer matches.
        let secondBlock = 10 + 5 + 65_535
        gz[secondBlock + 3] ^= 0x01
        let path = dir.sub("mid.jsonl.gz")
        try Fixture.write(gz, to: path)
        let (ids, error) = Self.read(path)
        let reason = try #require(error?.reason)
        #expect(reason.contains("damaged gzip data in member 1"), "\(reason)")
        // Every whole line of the first block was delivered, and nothing after the damage.
        let wholeLines = raw[..<65_535].filter { $0 == 0x0A }.count
        #expect(ids.count == wholeLines)
        #expect(ids == (0..<wholeLines).map { "r\($0)" })
    }

    @Test func truncatedFileSaysSo() throws {
        let dir = TemporaryDirectory("quarry-gzip-cut")
        let gz = Fixture.gzip(Self.lines(2_000))
        let path = dir.sub("cut.jsonl.gz")
        try Fixture.write(Array(gz[..<100_000]), to: path)
        let (ids, error) = Self.read(path)
        #expect(error?.reason == "truncated gzip file: it ends inside member 1")
        #expect(!ids.isEmpty && ids == (0..<ids.count).map { "r\($0)" })
    }

    @Test func everyMemberOfAMultiMemberFileIsRead() throws {
        let dir = TemporaryDirectory("quarry-gzip-members")
        let path = dir.sub("members.jsonl.gz")
        try Fixture.write(Fixture.gzip(Self.lines(1_500)) + Fixture.gzip(Self.lines(10, from: 1_500)) + Fixture.gzip(Self.lines(700, from: 1_510)), to: path)
        let (ids, error) = Self.read(path)
        #expect(error == nil)
        #expect(ids == (0..<2_210).map { "r\($0)" })
        // Bytes after the last member that are not another member are reported, after the data.
        let trailing = dir.sub("trailing.jsonl.gz")
        try Fixture.write(Fixture.gzip(Self.lines(5)) + Array("not gzip".utf8), to: trailing)
        let (kept, problem) = Self.read(trailing)
        #expect(kept.count == 5)
        #expect(problem?.reason == "unexpected bytes after gzip member 1 (not a gzip header)")
    }

    @Test func byteOrderMarkBeforeTheFirstLineIsSkipped() throws {
        let dir = TemporaryDirectory("quarry-bom")
        let path = dir.sub("bom.jsonl")
        try Fixture.write([0xEF, 0xBB, 0xBF] + Self.lines(2), to: path)
        let (ids, error) = Self.read(path)
        #expect(error == nil && ids == ["r0", "r1"])
        // Only at the start of the file: on a later line it is an error.
        try Fixture.write(Self.lines(1) + [0xEF, 0xBB, 0xBF] + Self.lines(1, from: 1), to: path)
        var malformed: [Int] = []
        try JSONLReader(path: path).forEach { if case .malformed(let line, _) = $0 { malformed.append(line) } }
        #expect(malformed == [2])
        // And in a compressed file.
        let gz = dir.sub("bom.jsonl.gz")
        try Fixture.write(Fixture.gzip([0xEF, 0xBB, 0xBF] + Self.lines(2)), to: gz)
        #expect(Self.read(gz).ids == ["r0", "r1"])
    }
}
