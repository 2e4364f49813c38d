/// Reads documents from a memory-mapped document store, decompressing only the blocks that hold them.
final class DocumentStoreReader: @unchecked Sendable {
    // Immutable after init; reads allocate their own buffers, so concurrent reads are safe.
    private let file: MappedFile
    private let body: UnsafeRawBufferPointer
    private let blockCount: Int
    let documentCount: Int
    /// The store's format version: 4 (a document never spans blocks), 5 (continuation blocks) or
    /// 6 (as 5, with the block codec named in the trailer).
    let version: UInt32
    /// How the store's blocks are compressed.
    let codec: StoreBlockCodec
    private let indexOffset: Int
    private static let entrySize = 20
    /// The index's extra text fields: each document's record ends with one string per field.
    let extraFields: [String]

    init(file: MappedFile, name: String, extraFields: [String] = []) throws {
        self.file = file
        self.extraFields = extraFields
        body = try FileFormat.validate(file.bytes, kind: .store, name: name, verifyChecksum: false)
        version = FileFormat.storedVersion(file.bytes)
        let namesCodec = version >= FileFormat.storeVersionWithCodec
        let trailerStart = body.count - (namesCodec ? 20 : 16)
        if trailerStart < 0 { throw QuarryError.corruptIndex("\(name): store too short") }
        var r = ByteReader(body, offset: trailerStart, context: name)
        if namesCodec {
            let value = try r.u32()
            guard let codec = StoreBlockCodec(rawValue: value) else {
                throw QuarryError.unsupportedVersion("\(name): store block codec \(value) is not supported by this build")
            }
            self.codec = codec
        } else {
            codec = .lz77
        }
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
    /// to read it. With a prefix, blocks are decompressed only up to its end (damage past that
    /// point goes unseen); a whole document's blocks are decompressed, and checked, to their ends.
    func read(_ doc: Int, bodyPrefixBytes: Int?) throws -> (document: StoredDocument, decompressedBytes: Int) {
        guard doc >= 0 && doc < documentCount else {
            throw QuarryError.corruptIndex("\(file.path): document \(doc) out of range")
        }
        let stream = try StoreGroupStream(store: self, groupEndingAt: lastBlock(startingAtOrBefore: doc),
                                          wholeBlocks: bodyPrefixBytes == nil)
        var current = try entry(stream.firstBlock).firstDoc
        while current < doc {
            for _ in 0..<3 + extraFields.count { try stream.skip(try stream.length()) }
            current += 1
        }
        return (try nextDocument(from: stream, bodyPrefixBytes: bodyPrefixBytes), stream.decompressedBytes)
    }

    /// Visits every document in order, decompressing each block once (reading documents one by
    /// one with ``document(_:)`` decodes a block again for each of its documents). Used by merges
    /// that compress documents again and by `check`.
    func forEachDocument(_ visit: (Int, StoredDocument) throws -> Void) throws {
        var first = 0
        while first < blockCount {
            // A group: a block and the continuation blocks that repeat its firstDoc.
            let firstDoc = try entry(first).firstDoc
            var last = first
            while last + 1 < blockCount, try entry(last + 1).firstDoc == firstDoc { last += 1 }
            let endDoc = last + 1 < blockCount ? try entry(last + 1).firstDoc : documentCount
            let stream = try StoreGroupStream(store: self, groupEndingAt: last, wholeBlocks: true)
            for doc in firstDoc..<endDoc { try visit(doc, try nextDocument(from: stream, bodyPrefixBytes: nil)) }
            first = last + 1
        }
    }

    /// Reads the document at `stream`'s position: its id, title, body (at most `bodyPrefixBytes`
    /// of it, when given) and extra fields.
    private func nextDocument(from stream: StoreGroupStream, bodyPrefixBytes: Int?) throws -> StoredDocument {
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
        return StoredDocument(id: id, title: title, body: body, fields: fields)
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

    fileprivate var path: String { file.path }
}

/// The decompressed bytes of one group of store blocks (a block and the blocks that continue it),
/// read front to back. A block is decompressed only when a read reaches it, and only as far as the
/// reads go: a document near a block's start, or the start of a long body, costs only the bytes up
/// to it (decoding resumes where it stopped when a later read needs more).
private final class StoreGroupStream {
    let store: DocumentStoreReader
    let firstBlock: Int
    private let lastBlock: Int
    private var nextBlock: Int
    /// Decoded bytes: unread from `position` to `end`. The block being decoded (`current`) starts
    /// at `blockStart` and takes its whole raw length from there, of which `progress.produced`
    /// bytes are decoded so far.
    private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var position = 0
    private var end = 0
    private var current: (bytes: UnsafeRawBufferPointer, rawLength: Int, index: Int)?
    private var blockStart = 0
    private var progress = BlockDecompressor.Progress()
    private var decoder = StoreBlockDecoder()
    private(set) var decompressedBytes = 0

    /// Decoding goes at least this many bytes further each time it resumes, so that reading a
    /// block field by field does not call the decoder once per field. DEFLATE takes longer
    /// steps: zlib decodes at full speed only while it has 258 bytes of room left, and pays for
    /// each call.
    private static func decodeStep(_ codec: StoreBlockCodec) -> Int { codec == .deflate ? 8_192 : 512 }
    /// Decode every block it reaches to the block's end (checking all of it), not only as far as
    /// the reads go.
    private let decodesWholeBlocks: Bool

    init(store: DocumentStoreReader, groupEndingAt last: Int, wholeBlocks: Bool) throws {
        self.store = store
        decodesWholeBlocks = wholeBlocks
        firstBlock = try store.firstBlock(ofGroupEndingAt: last)
        lastBlock = last
        nextBlock = firstBlock
    }

    deinit { storage.deallocate() }

    /// Makes at least `count` bytes available after `position`.
    private func ensure(_ count: Int) throws {
        while end - position < count {
            if let block = current, !progress.isComplete {
                let wanted = position + count - blockStart
                let limit = decodesWholeBlocks ? Int.max : max(wanted, progress.produced + Self.decodeStep(store.codec))
                let before = progress.produced
                let output = UnsafeMutableRawBufferPointer(rebasing: storage[blockStart..<blockStart + block.rawLength])
                if let failure = try decoder.decode(store.codec, block.bytes, into: output, progress: &progress, until: limit) {
                    throw QuarryError.corruptIndex("\(store.path): store block \(block.index) does not decompress: \(failure)")
                }
                decompressedBytes += progress.produced - before
                end = blockStart + progress.produced
                continue
            }
            guard nextBlock <= lastBlock else {
                throw QuarryError.corruptIndex("\(store.path): a stored document runs past the end of store block \(lastBlock)")
            }
            let (bytes, e) = try store.compressedBlock(nextBlock)
            try store.codec.checkStatedSize(e.rawLength, compressedCount: bytes.count, context: "\(store.path): store block \(nextBlock) does not decompress")
            // Keep only what is unread, so skipping documents does not accumulate them.
            let unread = end - position
            if storage.count < unread + e.rawLength {
                let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: unread + e.rawLength, alignment: 16)
                if unread > 0 { grown.baseAddress!.copyMemory(from: storage.baseAddress! + position, byteCount: unread) }
                storage.deallocate()
                storage = grown
            } else if unread > 0 && position > 0 {
                storage.baseAddress!.copyMemory(from: storage.baseAddress! + position, byteCount: unread)
            }
            position = 0
            end = unread
            blockStart = unread
            current = (bytes, e.rawLength, nextBlock)
            progress = BlockDecompressor.Progress()
            nextBlock += 1
        }
    }

    /// A VByte length (at most 2^31).
    func length() throws -> Int {
        var result = 0
        for shift in stride(from: 0, through: 28, by: 7) {
            try ensure(1)
            let byte = storage[position]
            position += 1
            result |= Int(byte & 0x7F) << shift
            if byte < 0x80 {
                guard result <= Int(Int32.max) else { break }
                return result
            }
        }
        throw QuarryError.corruptIndex("\(store.path): bad string length in store block \(nextBlock - 1)")
    }

    func skip(_ count: Int) throws {
        try ensure(count)
        position += count
    }

    /// The next `count` bytes, valid until the next read.
    func bytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        try ensure(count)
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: storage[position..<position + count])
    }

    func string(_ count: Int) throws -> String {
        String(decoding: try bytes(count), as: UTF8.self)
    }

    /// The first at most `maxBytes` bytes of a `count`-byte string, cut back to a scalar boundary.
    func prefix(of count: Int, maxBytes: Int) throws -> String {
        var cut = min(count, maxBytes)
        try ensure(min(count, cut + 1))
        while cut > 0 && cut < count && storage[position + cut] & 0xC0 == 0x80 { cut -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: storage[position..<position + cut]), as: UTF8.self)
    }
}
