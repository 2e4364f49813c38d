/// Opens one segment's files (memory-mapped) and hands out term lookups, postings cursors,
/// document lengths and stored documents.
final class SegmentReader: @unchecked Sendable {
    // Immutable after init; every accessor only reads the mappings.
    let info: Manifest.SegmentInfo
    let dictionary: TermDictionaryReader
    let postings: MappedFile
    let positions: MappedFile
    let lengthsFile: MappedFile
    let store: DocumentStoreReader
    /// Per document, the text field's length in tokens.
    let lengths: UnsafeBufferPointer<UInt32>
    /// Per document, the title field's length in tokens (empty for indexes without a title field).
    let titleLengths: UnsafeBufferPointer<UInt32>
    /// Per extra text field of the index, each document's length in tokens.
    let extraLengths: [UnsafeBufferPointer<UInt32>]
    let documentCount: Int
    /// The segment's deleted documents (nil when none is).
    let deletions: DeletedDocuments?

    /// Opens segment `info` of an index whose extra text fields are `extraFields` (the manifest's
    /// fields after the built-in ones).
    init(directory: IndexDirectory, info: Manifest.SegmentInfo, extraFields: [String] = []) throws {
        self.info = info
        func open(_ kind: FileFormat.Kind) throws -> MappedFile {
            let name = info.name + "." + kind.fileExtension
            if !directory.exists(name) { throw QuarryError.corruptIndex("segment file \(name) is missing") }
            return try directory.map(name)
        }
        let termsFile = try open(.terms)
        dictionary = try TermDictionaryReader(file: termsFile, name: info.name + ".terms")
        postings = try open(.postings)
        _ = try FileFormat.validate(postings.bytes, kind: .postings, name: info.name + ".postings", verifyChecksum: false)
        positions = try open(.positions)
        _ = try FileFormat.validate(positions.bytes, kind: .positions, name: info.name + ".positions", verifyChecksum: false)
        lengthsFile = try open(.lengths)
        let lengthsBody = try FileFormat.validate(lengthsFile.bytes, kind: .lengths, name: info.name + ".lengths", verifyChecksum: true)
        var r = ByteReader(lengthsBody, context: info.name + ".lengths")
        let count = Int(try r.u32())
        let fields = Int(try r.u32())
        // Indexes with extra fields record text, title and each extra field; older ones text and maybe title.
        let fieldsOK = extraFields.isEmpty ? (1...2).contains(fields) : fields == 2 + extraFields.count
        if count != info.documentCount || !fieldsOK || lengthsBody.count != 8 + count * 4 * fields {
            throw QuarryError.corruptIndex("\(info.name).lengths: \(count) documents of \(fields) fields in \(lengthsBody.count) bytes, manifest says \(info.documentCount) documents")
        }
        documentCount = count
        // The body starts at file offset 12 + 8 = 20, a multiple of 4, so the u32 array is aligned.
        lengths = UnsafeBufferPointer(start: (lengthsBody.baseAddress! + 8).assumingMemoryBound(to: UInt32.self), count: count)
        titleLengths = fields >= 2
            ? UnsafeBufferPointer(start: (lengthsBody.baseAddress! + 8 + 4 * count).assumingMemoryBound(to: UInt32.self), count: count)
            : UnsafeBufferPointer(start: nil, count: 0)
        extraLengths = extraFields.indices.map { k in
            UnsafeBufferPointer(start: (lengthsBody.baseAddress! + 8 + 4 * count * (2 + k)).assumingMemoryBound(to: UInt32.self), count: count)
        }
        store = try DocumentStoreReader(file: try open(.store), name: info.name + ".store", extraFields: extraFields)
        if store.documentCount != count {
            throw QuarryError.corruptIndex("\(info.name).store holds \(store.documentCount) documents, expected \(count)")
        }
        if let deletionsName = info.deletionsFileName {
            if !directory.exists(deletionsName) { throw QuarryError.corruptIndex("deletions file \(deletionsName) is missing") }
            let file = try directory.map(deletionsName)
            deletions = try DeletedDocuments(file: file.bytes, name: deletionsName, documentCount: count, deletedCount: info.deletedCount)
        } else {
            deletions = nil
        }
    }

    /// Whether document `doc` of this segment is deleted.
    func isDeleted(_ doc: UInt32) -> Bool {
        deletions?.contains(doc) ?? false
    }

    /// This segment's documents whose id is `id` (deleted ones included), in increasing order.
    func documents(withID id: String) throws -> [UInt32] {
        guard !id.isEmpty, id.utf8.count <= SegmentBuffer.maxIndexedIDBytes,
              let info = try termInfo(field: SegmentBuffer.idField, term: Array(id.utf8)) else { return [] }
        let cursor = try cursor(for: info)
        var result: [UInt32] = []
        while cursor.doc != PostingsCursor.noMore {
            result.append(cursor.doc)
            cursor.next()
        }
        if cursor.corrupt { throw QuarryError.corruptIndex("\(self.info.name).postings: the postings of an id fail their checks") }
        return result
    }

    /// The dictionary entry of `term` in `field`, or nil.
    func termInfo(field: UInt8, term: [UInt8]) throws -> TermInfo? {
        var key = [field]
        key.append(contentsOf: term)
        return try dictionary.lookup(key)
    }

    /// A cursor over `info`'s postings; `info` must come from this segment's dictionary.
    func cursor(for info: TermInfo) throws -> PostingsCursor {
        try PostingsCursor(postings: postings.bytes, positions: positions.bytes, documentCount: documentCount,
                           info: info, name: self.info.name + ".postings")
    }
}
