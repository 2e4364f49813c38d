import Foundation

/// One segment being built: its postings buffer and its document store, written as documents arrive.
///
/// Owned by one thread at a time: the writer hands it to an ``IndexingLane``, whose thread alone adds
/// to it and finishes it. Only ``reportedBytes`` is read across threads (under a lock).
final class SegmentInProgress: @unchecked Sendable {
    let name: String
    private var buffer: SegmentBuffer
    /// What an empty buffer already holds (preallocated tables): not counted against the budget.
    private let emptyBufferBytes: Int
    private var store: DocumentStoreWriter?
    private let directory: IndexDirectory
    private let lock = NSLock()
    // Guarded by `lock`.
    private var bytes = 0

    /// Creates the segment's store file, compressed at `storeCompression`.
    init(name: String, directory: IndexDirectory, extraFieldCount: Int, storeCompression: StoreCompression = .fast) throws {
        self.name = name
        self.directory = directory
        buffer = SegmentBuffer(extraFieldCount: extraFieldCount)
        emptyBufferBytes = buffer.memoryBytes
        store = try DocumentStoreWriter(path: directory.filePath(name + "." + FileFormat.Kind.store.fileExtension),
                                        compression: storeCompression)
    }

    /// Stores and inverts one document (with the values of `extraFields`, empty when missing);
    /// returns its segment-local number.
    @discardableResult
    func add(_ document: SourceDocument, extraFields: [String], analyzer: Analyzer) throws -> UInt32 {
        guard let store else { preconditionFailure("segment \(name) was already finished") }
        let values = extraFields.map { document.fields[$0] ?? "" }
        try store.add(id: document.id, title: document.title, body: document.body, fields: values)
        return buffer.addDocument(id: document.id, title: document.title, body: document.body, fields: values, analyzer: analyzer)
    }

    var documentCount: Int { buffer.documentCount }

    /// Publishes the buffer's current size for ``reportedBytes``.
    func reportSize() {
        let size = buffer.memoryBytes - emptyBufferBytes
        lock.lock()
        bytes = size
        lock.unlock()
    }

    /// The buffer's size at the last ``reportSize()``, beyond an empty buffer's: read by the
    /// writer's thread to decide when to flush.
    var reportedBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return bytes
    }

    /// Writes the segment's files (fsynced) and returns its manifest entry.
    func finish() throws -> Manifest.SegmentInfo {
        guard let store else { preconditionFailure("segment \(name) was already finished") }
        var sizes = try SegmentWriter.write(buffer, name: name, in: directory)
        sizes[FileFormat.Kind.store.fileExtension] = try store.finish()
        let info = Manifest.SegmentInfo(name: name, documentCount: buffer.documentCount,
                                        fieldTokenTotals: buffer.fieldTokenTotals, fileSizes: sizes)
        self.store = nil
        buffer = SegmentBuffer(extraFieldCount: 0)
        return info
    }
}
