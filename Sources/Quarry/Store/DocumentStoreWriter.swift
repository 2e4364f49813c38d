/// Writes the document store: documents' id, title and body in compressed blocks.
///
/// Body: blocks of about `blockSize` raw bytes, each compressed on its own by ``BlockCompressor``
/// (format: ``BlockFormat``). Inside a block, every document is
/// three length-prefixed (VByte) UTF-8 strings: id, title, body. After the blocks, the block index:
/// per block `firstDoc u32, rawLength u32, fileOffset u64, compressedLength u32`. Trailer:
/// `indexOffset u64, blockCount u32, documentCount u32`.
final class DocumentStoreWriter {
    static let blockSize = 64 * 1024
    private let file: FileWriter
    private var block = ByteWriter(capacity: 80 * 1024)
    private var blockFirstDoc: UInt32 = 0
    private var documentCount: UInt32 = 0
    private var index = ByteWriter()
    private var blockCount: UInt32 = 0
    private var compressed: [UInt8] = []
    private var compressor = BlockCompressor()

    init(path: String) throws {
        file = try FileWriter(path: path, kind: .store)
    }

    func add(id: String, title: String, body: String) throws {
        if block.count == 0 { blockFirstDoc = documentCount }
        var id = id, title = title, body = body
        id.withUTF8 { block.vbyte($0.count); block.append(UnsafeRawBufferPointer($0)) }
        title.withUTF8 { block.vbyte($0.count); block.append(UnsafeRawBufferPointer($0)) }
        body.withUTF8 { block.vbyte($0.count); block.append(UnsafeRawBufferPointer($0)) }
        documentCount += 1
        if block.count >= Self.blockSize { try flushBlock() }
    }

    private func flushBlock() throws {
        guard block.count > 0 else { return }
        if block.count > UInt32.max {
            throw QuarryError.limitExceeded("a store block of \(block.count) bytes is over 4 GiB")
        }
        let bound = BlockFormat.maxCompressedSize(block.count)
        if compressed.count < bound { compressed = [UInt8](repeating: 0, count: bound) }
        let written = block.withUnsafeMutableBytes { raw in
            compressed.withUnsafeMutableBytes { out in
                compressor.compress(UnsafeRawBufferPointer(raw), into: out)
            }
        }
        index.u32(blockFirstDoc)
        index.u32(UInt32(block.count))
        index.u64(UInt64(file.position))
        index.u32(UInt32(written))
        try compressed.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[0..<written])) }
        blockCount += 1
        block.removeAll()
    }

    /// Appends an already-compressed block (from another store) whose documents get ids from `firstDoc`.
    /// Used by merges: blocks are self-contained, so they are copied without recompression.
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
        trailer.u64(UInt64(indexOffset))
        trailer.u32(blockCount)
        trailer.u32(documentCount)
        try file.write(trailer)
        return try file.finish()
    }
}
