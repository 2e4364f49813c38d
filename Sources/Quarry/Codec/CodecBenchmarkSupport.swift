/// Entry points into the postings codec for the benchmark package (`@_spi(Benchmarks) import Quarry`).
/// Not part of the public API: they exist so the raw decode speed can be measured on its own.
@_spi(Benchmarks)
public enum CodecBenchmarkSupport {
    /// Values per packed block.
    public static var blockSize: Int { BitPacking.blockSize }

    /// Bytes of one block packed at `width` bits.
    public static func packedBytes(width: Int) -> Int { BitPacking.packedBytes(width: width) }

    /// Packs `values` (a multiple of 128, each below 2^width) block after block into `out`.
    public static func packBlocks(_ values: UnsafeBufferPointer<UInt32>, width: Int, into out: UnsafeMutableRawBufferPointer) {
        let blocks = values.count / BitPacking.blockSize
        precondition(out.count >= blocks * BitPacking.packedBytes(width: width))
        for b in 0..<blocks {
            BitPacking.pack(values.baseAddress! + b * BitPacking.blockSize, width: width,
                            into: out.baseAddress! + b * BitPacking.packedBytes(width: width))
        }
    }

    /// Unpacks `blocks` consecutive blocks; with `gaps`, also turns `gap - 1` values into ids in the
    /// same pass, as the postings cursor does.
    public static func unpackBlocks(_ packed: UnsafeRawBufferPointer, width: Int, blocks: Int,
                                    gaps: Bool, into out: UnsafeMutableBufferPointer<UInt32>) {
        precondition(out.count >= blocks * BitPacking.blockSize)
        precondition(packed.count >= blocks * BitPacking.packedBytes(width: width))
        var previous = UInt32.max
        for b in 0..<blocks {
            let target = out.baseAddress! + b * BitPacking.blockSize
            let source = packed.baseAddress! + b * BitPacking.packedBytes(width: width)
            if gaps {
                BitPacking.unpackDocuments(source, width: width, previous: previous, into: target)
                previous = target[BitPacking.blockSize - 1]
            } else {
                BitPacking.unpack(source, width: width, into: target)
            }
        }
    }

    /// `blocks` bitmap blocks of 128 documents whose gaps are drawn from 1...maxGap by a seeded
    /// generator, laid end to end as the postings encoder writes them; with each block's word count.
    public static func makeBitmapBlocks(blocks: Int, maxGap: UInt32, seed: UInt64) -> (bytes: [UInt8], wordCounts: [Int]) {
        var state = seed
        var bytes: [UInt8] = []
        var wordCounts: [Int] = []
        var previous = UInt32.max
        var docs = [UInt32](repeating: 0, count: BitPacking.blockSize)
        for _ in 0..<blocks {
            var doc = previous
            for i in 0..<BitPacking.blockSize {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                doc &+= 1 &+ UInt32(truncatingIfNeeded: state >> 33) % maxGap
                docs[i] = doc
            }
            let words = DocumentBitmap.wordCount(last: doc, previous: previous)
            var block = [UInt8](repeating: 0, count: 8 * words)
            docs.withUnsafeBufferPointer { d in
                block.withUnsafeMutableBytes { DocumentBitmap.encode(d.baseAddress!, previous: previous, wordCount: words, into: $0.baseAddress!) }
            }
            bytes += block
            wordCounts.append(words)
            previous = doc
        }
        return (bytes, wordCounts)
    }

    /// Decodes blocks made by `makeBitmapBlocks` into `out` (room for 128 per block, plus 8).
    public static func decodeBitmapBlocks(_ bytes: UnsafeRawBufferPointer, wordCounts: [Int], into out: UnsafeMutableBufferPointer<UInt32>) {
        precondition(out.count >= wordCounts.count * BitPacking.blockSize + DocumentBitmap.decodeOverrun)
        var offset = 0
        var previous = UInt32.max
        for (b, words) in wordCounts.enumerated() {
            let target = out.baseAddress! + b * BitPacking.blockSize
            _ = DocumentBitmap.decode(bytes.baseAddress! + offset, wordCount: words, previous: previous, into: target)
            previous = target[BitPacking.blockSize - 1]
            offset += 8 * words
        }
    }
}
