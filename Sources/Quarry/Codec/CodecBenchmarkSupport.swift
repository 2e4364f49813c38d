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
}
