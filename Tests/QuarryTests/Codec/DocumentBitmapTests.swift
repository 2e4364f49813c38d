import Testing
@testable import Quarry

/// The bitmap form of a postings block against a model: the 128 ascending documents it holds.
@Suite struct DocumentBitmapTests {
    /// 128 ascending documents after `previous`, each gap drawn from 1...maxGap.
    static func block(previous: UInt32, maxGap: UInt64, seed: UInt64) -> [UInt32] {
        var rng = SplitMix(seed: seed)
        var doc = previous
        return (0..<128).map { _ in
            doc &+= 1 &+ UInt32(rng.next() % maxGap)
            return doc
        }
    }

    static func encoded(_ docs: [UInt32], previous: UInt32) -> (bytes: [UInt8], words: Int) {
        let words = DocumentBitmap.wordCount(last: docs.last!, previous: previous)
        var bytes = [UInt8](repeating: 0, count: 8 * words)
        docs.withUnsafeBufferPointer { d in
            bytes.withUnsafeMutableBytes { DocumentBitmap.encode(d.baseAddress!, previous: previous, wordCount: words, into: $0.baseAddress!) }
        }
        return (bytes, words)
    }

    @Test(arguments: [UInt32.max, 0, 999, 4_000_000_000])
    func decodesWhatWasEncoded(previous: UInt32) {
        for (maxGap, seed) in [(UInt64(1), UInt64(1)), (2, 2), (5, 3), (20, 4), (31, 5)] {
            let docs = Self.block(previous: previous, maxGap: maxGap, seed: seed)
            let (bytes, words) = Self.encoded(docs, previous: previous)
            #expect(words == Int((docs.last! &- previous &- 1) / 64) + 1)
            var out = [UInt32](repeating: 0, count: 128 + DocumentBitmap.decodeOverrun)
            let count = bytes.withUnsafeBytes { b in
                out.withUnsafeMutableBufferPointer { DocumentBitmap.decode(b.baseAddress!, wordCount: words, previous: previous, into: $0.baseAddress!) }
            }
            #expect(count == 128)
            #expect(Array(out[0..<128]) == docs)
        }
    }

    @Test func lookupsMatchTheModel() {
        let previous: UInt32 = 5000
        let docs = Self.block(previous: previous, maxGap: 6, seed: 11)
        let members = Set(docs)
        let (bytes, words) = Self.encoded(docs, previous: previous)
        bytes.withUnsafeBytes { b in
            let bits = b.baseAddress!
            for doc in (previous + 1)...docs.last! {
                let offset = doc - previous - 1
                #expect(DocumentBitmap.contains(bits, offset: offset) == members.contains(doc))
                let next = DocumentBitmap.nextSetBit(bits, wordCount: words, from: offset).map { previous + 1 + $0 }
                #expect(next == docs.first { $0 >= doc })
            }
            #expect(DocumentBitmap.nextSetBit(bits, wordCount: words, from: UInt32(64 * words)) == nil)
        }
    }

    @Test func moreThanABlockOfBitsIsRejected() {
        // Two full words: 128 bits decode; one more bit anywhere is damage.
        var bytes = [UInt8](repeating: 0xFF, count: 16) + [0x01] + [UInt8](repeating: 0, count: 7)
        var out = [UInt32](repeating: 0, count: 128 + DocumentBitmap.decodeOverrun)
        let count = bytes.withUnsafeBytes { b in
            out.withUnsafeMutableBufferPointer { DocumentBitmap.decode(b.baseAddress!, wordCount: 3, previous: 9, into: $0.baseAddress!) }
        }
        #expect(count == -1)
        bytes[16] = 0
        let full = bytes.withUnsafeBytes { b in
            out.withUnsafeMutableBufferPointer { DocumentBitmap.decode(b.baseAddress!, wordCount: 3, previous: 9, into: $0.baseAddress!) }
        }
        #expect(full == 128)
        #expect(Array(out[0..<128]) == (10..<138).map { UInt32($0) })
    }
}
