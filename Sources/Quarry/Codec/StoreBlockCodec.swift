/// The codec of a document store's blocks, recorded in the store file (store format version 6
/// names it in the trailer; older stores are all ``lz77``).
enum StoreBlockCodec: UInt32, Sendable {
    /// The LZ4-family format of ``BlockFormat`` (levels `fast` and `high`).
    case lz77 = 0
    /// Raw DEFLATE (RFC 1951), read through zlib (levels `compact` and `deflate`).
    case deflate = 1

    init(_ level: StoreCompression) {
        switch level {
        case .fast, .high: self = .lz77
        case .compact, .deflate: self = .deflate
        }
    }

    /// No block decodes to more than this many bytes per compressed byte (DEFLATE's limit is
    /// 258 bytes per 2 bits, about 1,032).
    var maxExpansion: Int {
        self == .deflate ? 1_032 : BlockFormat.maxExpansion
    }

    /// Refuses a stated size that no `compressedCount`-byte block of this codec could decode to,
    /// before anything is allocated for it.
    /// - Throws: ``QuarryError/corruptIndex(_:)`` after `context`.
    func checkStatedSize(_ rawLength: Int, compressedCount: Int, context: @autoclosure () -> String) throws {
        if rawLength / maxExpansion > compressedCount {
            throw QuarryError.corruptIndex("\(context()): stated size \(rawLength) is more than a \(compressedCount)-byte block can hold")
        }
    }

    /// Decompresses the whole of a block that must decode to exactly `rawLength` bytes.
    /// - Throws: ``QuarryError/corruptIndex(_:)`` saying what is wrong, after `context`.
    func decompress(_ input: UnsafeRawBufferPointer, rawLength: Int, context: @autoclosure () -> String) throws -> [UInt8] {
        switch self {
        case .lz77:
            return try BlockDecompressor.decompress(input, rawLength: rawLength, context: context())
        case .deflate:
            return try inflate(input, rawLength: rawLength, until: rawLength, context: context())
        }
    }

    /// Decompresses the start of a block that decodes to `rawLength` bytes: at least its first
    /// `min(prefix, rawLength)` bytes, exactly as a whole decode starts.
    func decompress(_ input: UnsafeRawBufferPointer, rawLength: Int, prefix: Int, context: @autoclosure () -> String) throws -> [UInt8] {
        switch self {
        case .lz77:
            return try BlockDecompressor.decompress(input, rawLength: rawLength, prefix: prefix, context: context())
        case .deflate:
            return try inflate(input, rawLength: rawLength, until: prefix, context: context())
        }
    }

    private func inflate(_ input: UnsafeRawBufferPointer, rawLength: Int, until limit: Int, context: @autoclosure () -> String) throws -> [UInt8] {
        precondition(rawLength >= 0 && limit >= 0)
        try checkStatedSize(rawLength, compressedCount: input.count, context: context())
        let decoder = InflateDecoder()
        var failure: InflateDecoder.Failure?
        let bytes = [UInt8](unsafeUninitializedCapacity: rawLength) { out, count in
            var progress = BlockDecompressor.Progress()
            failure = decoder.decode(input, into: UnsafeMutableRawBufferPointer(out), progress: &progress, until: limit)
            count = failure == nil ? progress.produced : 0
        }
        if let failure { throw QuarryError.corruptIndex("\(context()): \(failure)") }
        return bytes
    }
}

/// Compresses store blocks at one ``StoreCompression`` level. Not thread-safe.
struct StoreBlockCompressor {
    let codec: StoreBlockCodec
    private var lz77: BlockCompressor?
    private let greedyDeflate: GreedyDeflateCompressor?
    private let deflate: DeflateBlockCompressor?

    init(level: StoreCompression) throws {
        codec = StoreBlockCodec(level)
        lz77 = codec == .lz77 ? BlockCompressor(level: level) : nil
        greedyDeflate = level == .compact ? GreedyDeflateCompressor() : nil
        deflate = level == .deflate ? try DeflateBlockCompressor() : nil
    }

    /// The most bytes ``compress(_:into:)`` writes for `rawLength` input bytes.
    func maxCompressedSize(_ rawLength: Int) -> Int {
        if greedyDeflate != nil { return GreedyDeflateCompressor.maxCompressedSize(rawLength) }
        return deflate?.maxCompressedSize(rawLength) ?? BlockFormat.maxCompressedSize(rawLength)
    }

    /// Compresses `input` into `output` (at least ``maxCompressedSize(_:)`` bytes); returns the
    /// number of bytes written.
    mutating func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        if let greedyDeflate { return greedyDeflate.compress(input, into: output) }
        if let deflate { return deflate.compress(input, into: output) }
        return lz77!.compress(input, into: output)
    }
}

/// Decodes one store block at a time, incrementally, in either codec. Keeps a zlib stream once a
/// DEFLATE block has been read, so reuse one decoder for the blocks of a read.
struct StoreBlockDecoder {
    private var inflater: InflateDecoder?

    /// As ``BlockDecompressor/decode(_:into:progress:until:)``, in `codec`; the failure in words.
    mutating func decode(_ codec: StoreBlockCodec, _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                         progress: inout BlockDecompressor.Progress, until limit: Int) throws -> String? {
        switch codec {
        case .lz77:
            return BlockDecompressor.decode(input, into: output, progress: &progress, until: limit)?.description
        case .deflate:
            if inflater == nil { inflater = InflateDecoder() }
            return inflater!.decode(input, into: output, progress: &progress, until: limit)?.description
        }
    }
}
