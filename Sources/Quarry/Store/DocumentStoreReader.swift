/// Reads documents from a memory-mapped document store, decompressing only the blocks that hold them.
final class DocumentStoreReader: @unchecked Sendable {
    // Immutable after init; reads allocate their own buffers, so concurrent reads are safe.
    private let file: MappedFile
    private let body: UnsafeRawBufferPointer
    private let blockCount: Int
    let documentCount: Int
    /// The store's format version: 4 (a document never spans blocks) or 5 (continuation blocks).
    let version: UInt32
    private let indexOffset: Int
    private static let entrySize = 20
    /// The index's extra text fields: each document's record ends with one string per field.
    let extraFields: [String]

    init(file: MappedFile, name: String, extraFields: [String] = []) throws {
        self.file = file
        self.extraFields = extraFields
        body = try FileFormat.validate(file.bytes, kind: .store, name: name, verifyChecksum: false)
        version = FileFormat.storedVersion(file.bytes)
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
        try validateBlockOrder(name: name)
    }

    /// Block `i`'s index entry.
    struct Entry {
        var firstDoc: Int
        var rawLength: Int
        var offset: Int
        var compressedLength: Int
    }

    private func entry(_ i: Int) throws -> Entry {
        var r = ByteReader(body, offset: indexOffset + i * Self.entrySize, context: file.path)
        let first = Int(try r.u32())
        let raw = Int(try r.u32())
        let offset = try r.u64(limit: file.bytes.count)
        let length = Int(try r.u32())
        return Entry(firstDoc: first, rawLength: raw, offset: offset, compressedLength: length)
    }

    /// The first block starts with document 0, `firstDoc` never decreases and stays below the
    /// document count, and only a version-5 store repeats a `firstDoc` (a continuation block).
    private func validateBlockOrder(name: String) throws {
        guard blockCount > 0 else {
            if documentCount != 0 { throw QuarryError.corruptIndex("\(name): \(documentCount) documents but no store blocks") }
            return
        }
        var previous = -1
        for i in 0..<blockCount {
            let first = try entry(i).firstDoc
            let ok = i == 0 ? first == 0 : first > previous || (first == previous && version >= 5)
            guard ok, first < documentCount else {
                throw QuarryError.corruptIndex("\(name): store block \(i) starts at document \(first), out of order")
            }
            previous = first
        }
    }

    /// The compressed bytes of block `i`, bounds-checked.
    func compressedBlock(_ i: Int) throws -> (bytes: UnsafeRawBufferPointer, entry: Entry) {
        let e = try entry(i)
        guard e.offset >= FileFormat.headerSize, e.compressedLength >= 0,
              e.offset + e.compressedLength <= FileFormat.headerSize + indexOffset, e.rawLength < 1 << 30 else {
            throw QuarryError.corruptIndex("\(file.path): store block \(i) out of bounds")
        }
        return (UnsafeRawBufferPointer(start: file.bytes.baseAddress! + e.offset, count: e.compressedLength), e)
    }

    /// Visits every compressed block: its bytes, raw length and number of documents (0 for a
    /// block the next one continues; the last block of a continued group counts the group's).
    func forEachCompressedBlock(_ body: (UnsafeRawBufferPointer, Int, Int) throws -> Void) throws {
        for i in 0..<blockCount {
            let (bytes, e) = try compressedBlock(i)
            let nextFirst = i + 1 < blockCount ? try entry(i + 1).firstDoc : documentCount
            try body(bytes, e.rawLength, nextFirst - e.firstDoc)
        }
    }

    /// The stored fields of segment-local document `doc`.
    func document(_ doc: Int) throws -> StoredDocument {
        try read(doc, bodyPrefixBytes: nil).document
    }

    /// Document `doc` with at most the first `bodyPrefixBytes` bytes of its body (cut back to a
    /// character boundary), or the whole body when `nil`; and how many bytes were decompressed
    /// to read it. Only the blocks up to the end of the prefix are decompressed.
    func read(_ doc: Int, bodyPrefixBytes: Int?) throws -> (document: StoredDocument, decompressedBytes: Int) {
        guard doc >= 0 && doc < documentCount else {
            throw QuarryError.corruptIndex("\(file.path): document \(doc) out of range")
        }
        var stream = try StoreGroupStream(store: self, groupEndingAt: lastBlock(startingAtOrBefore: doc))
        var current = try entry(stream.firstBlock).firstDoc
        while current < doc {
            for _ in 0..<3 + extraFields.count { try stream.skip(try stream.length()) }
            current += 1
        }
        let id = try stream.string(stream.length())
        let title = try stream.string(stream.length())
        let bodyLength = try stream.length()
        let body: String
        var fields: [FieldValue] = []
        if let limit = bodyPrefixBytes, limit < bodyLength {
            body = try stream.prefix(of: bodyLength, maxBytes: max(0, limit))
            // The extra fields follow the whole body.
            if !extraFields.isEmpty { try stream.skip(bodyLength) }
        } else {
            body = try stream.string(bodyLength)
        }
        for name in extraFields { fields.append(FieldValue(name: name, value: try stream.string(stream.length()))) }
        return (StoredDocument(id: id, title: title, body: body, fields: fields), stream.decompressedBytes)
    }

    /// The last block whose `firstDoc` is at most `doc`.
    private func lastBlock(startingAtOrBefore doc: Int) throws -> Int {
        var lo = 0, hi = blockCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if try entry(mid).firstDoc <= doc { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The first block of the group that ends at block `last`: the first block with its `firstDoc`.
    fileprivate func firstBlock(ofGroupEndingAt last: Int) throws -> Int {
        let first = try entry(last).firstDoc
        var lo = 0, hi = last
        while lo < hi {
            let mid = (lo + hi) / 2
            if try entry(mid).firstDoc < first { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Block `i` decompressed.
    fileprivate func decompress(_ i: Int) throws -> [UInt8] {
        let (bytes, e) = try compressedBlock(i)
        return try BlockDecompressor.decompress(bytes, rawLength: e.rawLength, context: "\(file.path): store block \(i) does not decompress")
    }

    fileprivate var path: String { file.path }
}

/// The decompressed bytes of one group of store blocks (a block and the blocks that continue it),
/// read front to back; a block is decompressed only when a read reaches it.
private struct StoreGroupStream {
    let store: DocumentStoreReader
    let firstBlock: Int
    private let lastBlock: Int
    private var nextBlock: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private(set) var decompressedBytes = 0

    init(store: DocumentStoreReader, groupEndingAt last: Int) throws {
        self.store = store
        firstBlock = try store.firstBlock(ofGroupEndingAt: last)
        lastBlock = last
        nextBlock = firstBlock
    }

    /// Makes at least `count` bytes available after `position`.
    private mutating func ensure(_ count: Int) throws {
        while buffer.count - position < count {
            guard nextBlock <= lastBlock else {
                throw QuarryError.corruptIndex("\(store.path): a stored document runs past the end of store block \(lastBlock)")
            }
            // Drop what has been read, so skipping documents does not accumulate them.
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            let raw = try store.decompress(nextBlock)
            decompressedBytes += raw.count
            if buffer.isEmpty { buffer = raw } else { buffer += raw }
            nextBlock += 1
        }
    }

    /// A VByte length (at most 2^31).
    mutating func length() throws -> Int {
        var result = 0
        for shift in stride(from: 0, through: 28, by: 7) {
            try ensure(1)
            let byte = buffer[position]
            position += 1
            result |= Int(byte & 0x7F) << shift
            if byte < 0x80 {
                guard result <= Int(Int32.max) else { break }
                return result
            }
        }
        throw QuarryError.corruptIndex("\(store.path): bad string length in store block \(nextBlock - 1)")
    }

    mutating func skip(_ count: Int) throws {
        try ensure(count)
        position += count
    }

    mutating func string(_ count: Int) throws -> String {
        try ensure(count)
        defer { position += count }
        return String(decoding: buffer[position..<position + count], as: UTF8.self)
    }

    /// The first at most `maxBytes` bytes of a `count`-byte string, cut back to a scalar boundary.
    mutating func prefix(of count: Int, maxBytes: Int) throws -> String {
        var end = min(count, maxBytes)
        try ensure(min(count, end + 1))
        while end > 0 && end < count && buffer[position + end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: buffer[position..<position + end], as: UTF8.self)
    }
}
