/// Entry points into the document store's block codec for the benchmark package
/// (`@_spi(Benchmarks) import Quarry`). Not part of the public API.
@_spi(Benchmarks)
extension CodecBenchmarkSupport {
    /// Cuts `input` into blocks of `blockSize` bytes (the last may be shorter) and compresses each
    /// on its own, as the document store does.
    public static func compressBlocks(_ input: [UInt8], blockSize: Int) -> [[UInt8]] {
        precondition(blockSize > 0)
        var compressor = BlockCompressor()
        return input.withUnsafeBytes { all in
            stride(from: 0, to: all.count, by: blockSize).map { start in
                compressor.compress(UnsafeRawBufferPointer(rebasing: all[start..<min(start + blockSize, all.count)]))
            }
        }
    }

    /// Compresses the blocks of `input` into `scratch` (at least the bound for one block) without
    /// keeping them; returns the total compressed size.
    public static func compressBlocks(_ input: UnsafeRawBufferPointer, blockSize: Int, scratch: UnsafeMutableRawBufferPointer) -> Int {
        var compressor = BlockCompressor()
        var total = 0
        for start in stride(from: 0, to: input.count, by: blockSize) {
            total += compressor.compress(UnsafeRawBufferPointer(rebasing: input[start..<min(start + blockSize, input.count)]), into: scratch)
        }
        return total
    }

    /// The most bytes one compressed block of `rawLength` bytes can take.
    public static func maxCompressedSize(_ rawLength: Int) -> Int { BlockFormat.maxCompressedSize(rawLength) }

    /// Decompresses `blocks` (made by `compressBlocks` with `blockSize`) back to back into `output`,
    /// which must hold all `rawLength` bytes; false if any block fails.
    public static func decompressBlocks(_ blocks: [[UInt8]], blockSize: Int, rawLength: Int, into output: UnsafeMutableRawBufferPointer) -> Bool {
        precondition(output.count >= rawLength)
        var start = 0
        for block in blocks {
            let end = min(start + blockSize, rawLength)
            let failure = block.withUnsafeBytes {
                BlockDecompressor.decode($0, into: UnsafeMutableRawBufferPointer(rebasing: output[start..<end]))
            }
            if failure != nil { return false }
            start = end
        }
        return start == rawLength
    }
}
