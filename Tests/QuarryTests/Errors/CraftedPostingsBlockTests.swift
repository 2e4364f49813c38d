import Testing
@testable import Quarry

/// Hand-made postings whose values are wrong in ways a checksum cannot see: the cursor must report
/// them as damage instead of handing out impossible document ids or trapping on arithmetic.
@Suite struct CraftedPostingsBlockTests {
    /// A postings file holding one term of one full block, its 128 gaps (minus one) packed at 32
    /// bits, whose last document is `last`; and an empty positions file.
    static func files(gapsMinusOne: [UInt32], last: UInt32) -> (postings: [UInt8], positions: [UInt8]) {
        var w = ByteWriter()
        FileFormat.writeHeader(.postings, to: &w)
        let blockBytes = 2 + 4 * PostingsFormat.blockSize
        w.u32(last)
        w.u32(UInt32(blockBytes))
        w.append([UInt8](repeating: 0, count: PostingsFormat.skipEntrySize - 8))  // impacts and positions entry
        w.u8(32)  // gaps packed at 32 bits: at that width, value i is the u32 at byte 4 i
        w.u8(0)   // every frequency is 1
        for gap in gapsMinusOne { w.u32(gap) }
        w.append(FileFormat.footer(crcSoFar: w.bytes.withUnsafeBytes { Checksum.crc32($0) }))
        var p = ByteWriter()
        FileFormat.writeHeader(.positions, to: &p)
        p.append(FileFormat.footer(crcSoFar: p.bytes.withUnsafeBytes { Checksum.crc32($0) }))
        return (w.bytes, p.bytes)
    }

    static func documents(_ files: (postings: [UInt8], positions: [UInt8]), documentCount: Int, postingsOffset: Int = FileFormat.headerSize) throws -> (docs: [UInt32], corrupt: Bool) {
        try files.postings.withUnsafeBytes { postings in
            try files.positions.withUnsafeBytes { positions in
                let info = TermInfo(docFreq: 128, totalFreq: 128, postingsOffset: postingsOffset,
                                    positionsOffset: FileFormat.headerSize, impacts: [])
                let cursor = try PostingsCursor(postings: postings, positions: positions, documentCount: documentCount,
                                                info: info, name: "test.postings")
                var docs: [UInt32] = []
                while cursor.doc != PostingsCursor.noMore {
                    docs.append(cursor.doc)
                    cursor.next()
                }
                return (docs, cursor.corrupt)
            }
        }
    }

    @Test func wellFormedBlockDecodes() throws {
        let gaps = [UInt32](repeating: 0, count: 128)
        let (docs, corrupt) = try Self.documents(Self.files(gapsMinusOne: gaps, last: 127), documentCount: 200)
        #expect(!corrupt)
        #expect(docs == Array(0..<128))
    }

    /// A gap that wraps around 2^32 and one that wraps back: the block still ends at its recorded
    /// last document, but one id in between is far past the segment's documents.
    @Test func wrappedGapIsDamage() throws {
        var gaps = [UInt32](repeating: 0, count: 128)
        gaps[0] = 5
        gaps[1] = 0xFFFF_FFF0  // 5 + 1 + 0xFFFFFFF0 = 0xFFFFFFF6
        gaps[2] = 0x10         // 0xFFFFFFF6 + 1 + 0x10 wraps to 7
        let (docs, corrupt) = try Self.documents(Self.files(gapsMinusOne: gaps, last: 132), documentCount: 200)
        #expect(docs.allSatisfy { $0 < 200 }, "ids past the segment: \(docs.filter { $0 >= 200 })")
        #expect(corrupt)
    }

    /// A term whose postings offset is near `Int.max`: an error, not an arithmetic trap.
    @Test func offsetNearIntMaxIsDamage() throws {
        let files = Self.files(gapsMinusOne: [UInt32](repeating: 0, count: 128), last: 127)
        for offset in [Int.max, Int.max - 10, Int.max / 2, files.postings.count] {
            #expect(throws: QuarryError.self) { _ = try Self.documents(files, documentCount: 200, postingsOffset: offset) }
        }
    }

    /// More documents than the segment has: rejected before any offset arithmetic.
    @Test func documentFrequencyAboveDocumentCountIsDamage() throws {
        let files = Self.files(gapsMinusOne: [UInt32](repeating: 0, count: 128), last: 127)
        #expect(throws: QuarryError.self) { _ = try Self.documents(files, documentCount: 100) }
    }
}
