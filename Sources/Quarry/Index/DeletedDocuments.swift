/// The deleted documents of one segment: a bitmap with one bit per document (set: deleted).
///
/// File (`<segment>_<generation>.deletions`): the common header; `documentCount u32`,
/// `deletedCount u32`; then `ceil(documentCount / 64)` little-endian u64 words, bit `d % 64` of word
/// `d / 64` standing for document `d`; the common footer. A reader checks that the counts match the
/// manifest, that no bit past the last document is set and that exactly `deletedCount` bits are.
final class DeletedDocuments: @unchecked Sendable {
    // Immutable after init: only read, from any thread.
    private let words: UnsafeMutableBufferPointer<UInt64>
    let documentCount: Int
    let deletedCount: Int

    /// The bitmap's words, for scorers' inner loops (valid while this object lives).
    var bits: UnsafePointer<UInt64> { UnsafePointer(words.baseAddress!) }

    /// A bitmap of `documentCount` documents with `deleted` set.
    init<S: Sequence>(documentCount: Int, deleted: S) where S.Element == UInt32 {
        self.documentCount = documentCount
        words = .allocate(capacity: max(1, (documentCount + 63) / 64))
        words.initialize(repeating: 0)
        var count = 0
        for doc in deleted where Int(doc) < documentCount {
            let w = Int(doc >> 6), bit = UInt64(1) << UInt64(doc & 63)
            if words[w] & bit == 0 { count += 1 }
            words[w] |= bit
        }
        deletedCount = count
    }

    /// Reads and validates a deletions file of a segment of `documentCount` documents of which the
    /// manifest says `deletedCount` are deleted.
    init(file bytes: UnsafeRawBufferPointer, name: String, documentCount: Int, deletedCount: Int) throws {
        let body = try FileFormat.validate(bytes, kind: .deletions, name: name, verifyChecksum: true)
        var r = ByteReader(body, context: name)
        let count = Int(try r.u32())
        let deleted = Int(try r.u32())
        let wordCount = (count + 63) / 64
        if count != documentCount || deleted != deletedCount || body.count != 8 + 8 * wordCount {
            throw QuarryError.corruptIndex("\(name): \(deleted) of \(count) documents deleted in \(body.count) bytes; the manifest says \(deletedCount) of \(documentCount)")
        }
        self.documentCount = count
        self.deletedCount = deleted
        words = .allocate(capacity: max(1, wordCount))
        words.initialize(repeating: 0)
        var set = 0
        for w in 0..<wordCount {
            let word = UInt64(littleEndian: body.loadUnaligned(fromByteOffset: 8 + 8 * w, as: UInt64.self))
            words[w] = word
            set += word.nonzeroBitCount
        }
        let tailBits = count % 64
        // Every property is set, so throwing from here runs deinit, which frees `words`.
        if tailBits != 0, words[wordCount - 1] >> UInt64(tailBits) != 0 {
            throw QuarryError.corruptIndex("\(name): a document past the segment's end is marked deleted")
        }
        if set != deleted {
            throw QuarryError.corruptIndex("\(name): \(set) documents marked deleted, the file says \(deleted)")
        }
    }

    deinit { words.deallocate() }

    /// Whether document `doc` (< `documentCount`) is deleted.
    @inline(__always)
    func contains(_ doc: UInt32) -> Bool {
        Self.isDeleted(doc, in: bits)
    }

    /// Whether bit `doc` of the bitmap `bits` is set.
    @inline(__always)
    static func isDeleted(_ doc: UInt32, in bits: UnsafePointer<UInt64>) -> Bool {
        bits[Int(doc >> 6)] &>> UInt64(doc & 63) & 1 != 0
    }

    /// The deleted documents in increasing order.
    var deletedDocuments: [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(deletedCount)
        for w in 0..<(documentCount + 63) / 64 {
            var word = words[w]
            while word != 0 {
                result.append(UInt32(w * 64 + word.trailingZeroBitCount))
                word &= word - 1
            }
        }
        return result
    }

    /// Writes the bitmap to `path` (synced); returns the file's size.
    func write(to path: String) throws -> Int {
        let file = try FileWriter(path: path, kind: .deletions)
        var w = ByteWriter()
        w.u32(UInt32(documentCount))
        w.u32(UInt32(deletedCount))
        for i in 0..<(documentCount + 63) / 64 { w.u64(words[i]) }
        try file.write(w)
        return try file.finish()
    }
}
