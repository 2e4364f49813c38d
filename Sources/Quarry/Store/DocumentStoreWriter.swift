/// Writes the document store: documents' id, title and body in compressed blocks.
///
/// Body: blocks of about `blockSize` raw bytes, each compressed on its own by the store's codec
/// (``StoreBlockCodec``: the LZ4-family ``BlockFormat``, or raw DEFLATE). Inside a block, every
/// document is three length-prefixed (VByte) UTF-8 strings: id, title, body; then, in an index with extra text fields, one more such string
/// per extra field, in the manifest's order. A document whose record is larger than `blockSize` starts a
/// block of its own and is cut into blocks of `blockSize` raw bytes; the blocks after the first
/// carry the same `firstDoc` and continue it (store format version 5), so a reader can decompress
/// just the start of a huge body. After the blocks, the block index: per block `firstDoc u32,
/// rawLength u32, fileOffset u64, compressedLength u32`. Trailer: `indexOffset u64, blockCount u32,
/// documentCount u32`, preceded in a version-6 store (any codec but the LZ4-family one) by
/// `codec u32`. See the File Format article.
final class DocumentStoreWriter {
    static let blockSize = 64 * 1024
    private let file: FileWriter
    private var block = ByteWriter(capacity: 80 * 1024)
    private var blockFirstDoc: UInt32 = 0
    private var documentCount: UInt32 = 0
    private var index = ByteWriter()
    private var blockCount: UInt32 = 0
    private var compressed: [UInt8] = []
    private var compressor: StoreBlockCompressor
    /// The codec of every block of this store.
    var codec: StoreBlockCodec { compressor.codec }

    /// Creates the store file at `path`; its blocks are compressed at `compression`.
    init(path: String, compression: StoreCompression = .fast) throws {
        compressor = try StoreBlockCompressor(level: compression)
        let version = compressor.codec == .lz77 ? FileFormat.storeVersion : FileFormat.storeVersionWithCodec
        file = try FileWriter(path: path, kind: .store, version: version)
    }

    /// Adds a document; `fields` are its extra fields' values, one per extra field of the index.
    func add(id: String, title: String, body: String, fields: [String] = []) throws {
        var id = id, title = title, body = body
        // Without the length prefixes.
        let recordSize = id.utf8.count + title.utf8.count + body.utf8.count + fields.reduce(0) { $0 + $1.utf8.count }
        if recordSize > Self.blockSize { try flushBlock() }
        if block.count == 0 { blockFirstDoc = documentCount }
        id.withUTF8 { block.vbyte($0.count); block.append(UnsafeRawBufferPointer($0)) }
        title.withUTF8 { block.vbyte($0.count); block.append(UnsafeRawBufferPointer($0)) }
        body.withUTF8 { block.vbyte($0.count); block.append(UnsafeRawBufferPointer($0)) }
        for var value in fields { value.withUTF8 { block.vbyte($0.count); block.append(UnsafeRawBufferPointer($0)) } }
        documentCount += 1
        if recordSize > Self.blockSize {
            // A first block and continuation blocks, all with the document's number as firstDoc.
            try block.withUnsafeMutableBytes { raw in
                var start = 0
                while start < raw.count {
                    let end = min(raw.count, start + Self.blockSize)
                    try writeBlock(UnsafeRawBufferPointer(rebasing: raw[start..<end]), firstDoc: blockFirstDoc)
                    start = end
                }
            }
            block.removeAll()
        } else if block.count >= Self.blockSize {
            try flushBlock()
        }
    }

    private func flushBlock() throws {
        guard block.count > 0 else { return }
        if block.count > UInt32.max {
            throw QuarryError.limitExceeded("a store block of \(block.count) bytes is over 4 GiB")
        }
        try block.withUnsafeMutableBytes { raw in try writeBlock(UnsafeRawBufferPointer(raw), firstDoc: blockFirstDoc) }
        block.removeAll()
    }

    /// Compresses `raw` as one block and adds its index entry.
    private func writeBlock(_ raw: UnsafeRawBufferPointer, firstDoc: UInt32) throws {
        let bound = compressor.maxCompressedSize(raw.count)
        if compressed.count < bound { compressed = [UInt8](repeating: 0, count: bound) }
        let written = compressed.withUnsafeMutableBytes { out in compressor.compress(raw, into: out) }
        index.u32(firstDoc)
        index.u32(UInt32(raw.count))
        index.u64(UInt64(file.position))
        index.u32(UInt32(written))
        try compressed.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[0..<written])) }
        blockCount += 1
    }

    /// Appends an already-compressed block (from another store of the same ``codec``) whose
    /// documents get ids from the current count. Used by merges: blocks are self-contained, so
    /// they are copied without recompression. `documents` is the count ``DocumentStoreReader/forEachCompressedBlock(_:)``
    /// gives: 0 for a block that the next one continues, so a continued group keeps one `firstDoc`.
    func appendCompressedBlock(_ bytes: UnsafeRawBufferPointer, rawLength: Int, documents: Int) throws {
        try flushBlock()
        index.u32(documentCount)
        index.u32(UInt32(rawLength))
        index.u64(UInt64(file.position))
        index.u32(UInt32(bytes.count))
        try file.write(bytes)
        blockCount += 1
        documentCount += UInt32(documents)
    }

    @discardableResult
    func finish() throws -> Int {
        try flushBlock()
        let indexOffset = file.position
        try file.write(index)
        var trailer = ByteWriter()
        if codec != .lz77 { trailer.u32(codec.rawValue) }
        trailer.u64(UInt64(indexOffset))
        trailer.u32(blockCount)
        trailer.u32(documentCount)
        try file.write(trailer)
        return try file.finish()
    }
}
