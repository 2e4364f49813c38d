/// Reads documents from a memory-mapped document store, decompressing only the block that holds them.
final class DocumentStoreReader: @unchecked Sendable {
    // Immutable after init; `document(_:)` allocates its own buffers, so concurrent reads are safe.
    private let file: MappedFile
    private let body: UnsafeRawBufferPointer
    private let blockCount: Int
    let documentCount: Int
    private let indexOffset: Int
    private static let entrySize = 20

    init(file: MappedFile, name: String) throws {
        self.file = file
        body = try FileFormat.validate(file.bytes, kind: .store, name: name, verifyChecksum: false)
        let trailerStart = body.count - 16
        if trailerStart < 0 { throw QuarryError.corruptIndex("\(name): store too short") }
        var r = ByteReader(body, offset: trailerStart, context: name)
        let indexOffset = try r.u64(limit: file.bytes.count)
        blockCount = Int(try r.u32())
        documentCount = Int(try r.u32())
        let indexStartInBody = indexOffset - FileFormat.headerSize
        if indexStartInBody < 0 || indexStartInBody + blockCount * Self.entrySize != trailerStart {
            throw QuarryError.corruptIndex("\(name): store block index out of place")
        }
        self.indexOffset = indexStartInBody
    }

    private func entry(_ i: Int) throws -> (firstDoc: Int, rawLength: Int, offset: Int, compressedLength: Int) {
        var r = ByteReader(body, offset: indexOffset + i * Self.entrySize, context: file.path)
        let first = Int(try r.u32())
        let raw = Int(try r.u32())
        let offset = try r.u64(limit: file.bytes.count)
        let length = Int(try r.u32())
        return (first, raw, offset, length)
    }

    /// Visits every compressed block: its bytes, raw length and number of documents.
    func forEachCompressedBlock(_ body: (UnsafeRawBufferPointer, Int, Int) throws -> Void) throws {
        for i in 0..<blockCount {
            let e = try entry(i)
            let nextFirst = i + 1 < blockCount ? try entry(i + 1).firstDoc : documentCount
            guard e.offset >= 0, e.compressedLength >= 0, e.offset + e.compressedLength <= file.bytes.count, nextFirst >= e.firstDoc else {
                throw QuarryError.corruptIndex("\(file.path): store block \(i) out of bounds")
            }
            try body(UnsafeRawBufferPointer(start: file.bytes.baseAddress! + e.offset, count: e.compressedLength),
                     e.rawLength, nextFirst - e.firstDoc)
        }
    }

    /// The stored fields of segment-local document `doc`.
    func document(_ doc: Int) throws -> StoredDocument {
        guard doc >= 0 && doc < documentCount else {
            throw QuarryError.corruptIndex("\(file.path): document \(doc) out of range")
        }
        var lo = 0, hi = blockCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if try entry(mid).firstDoc <= doc { lo = mid } else { hi = mid - 1 }
        }
        let e = try entry(lo)
        let start = e.offset
        guard start >= 0, e.compressedLength >= 0, start + e.compressedLength <= file.bytes.count, e.rawLength < 1 << 30 else {
            throw QuarryError.corruptIndex("\(file.path): store block \(lo) out of bounds")
        }
        let raw = try BlockDecompressor.decompress(
            UnsafeRawBufferPointer(start: file.bytes.baseAddress! + start, count: e.compressedLength),
            rawLength: e.rawLength, context: "\(file.path): store block \(lo) does not decompress")
        return try raw.withUnsafeBytes { buffer in
            var r = ByteReader(buffer, context: file.path)
            var current = e.firstDoc
            while true {
                let id = try r.lengthPrefixedBytes()
                let title = try r.lengthPrefixedBytes()
                let text = try r.lengthPrefixedBytes()
                if current == doc {
                    return StoredDocument(
                        id: String(decoding: id, as: UTF8.self),
                        title: String(decoding: title, as: UTF8.self),
                        body: String(decoding: text, as: UTF8.self))
                }
                current += 1
            }
        }
    }
}
