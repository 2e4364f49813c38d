import Foundation

/// One segment being built: its postings buffer and its document store, written as documents arrive.
///
/// Owned by one thread at a time: the writer hands it to an ``IndexingLane``, whose thread alone adds
/// to it and finishes it. Only ``reportedBytes`` is read across threads (under a lock).
final class SegmentInProgress: @unchecked Sendable {
    let name: String
    private var buffer = SegmentBuffer()
    private var store: DocumentStoreWriter?
    private let directory: IndexDirectory
    private let lock = NSLock()
    // Guarded by `lock`.
    private var bytes = 0

    /// What an empty buffer already holds (preallocated tables): not counted against the budget.
    static let emptyBufferBytes = SegmentBuffer().memoryBytes

    /// Creates the segment's store file.
    init(name: String, directory: IndexDirectory) throws {
        self.name = name
        self.directory = directory
        store = try DocumentStoreWriter(path: directory.filePath(name + "." + FileFormat.Kind.store.fileExtension))
    }

    /// Stores and inverts one document; returns its segment-local number.
    @discardableResult
    func add(_ document: SourceDocument, analyzer: Analyzer) throws -> UInt32 {
        guard let store else { preconditionFailure("segment \(name) was already finished") }
        try store.add(id: document.id, title: document.title, body: document.body)
        return buffer.addDocument(id: document.id, title: document.title, body: document.body, analyzer: analyzer)
    }

    var documentCount: Int { buffer.documentCount }

    /// Publishes the buffer's current size for ``reportedBytes``.
    func reportSize() {
        let size = buffer.memoryBytes - Self.emptyBufferBytes
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
                                        fieldTokenTotals: [buffer.totalTokens, buffer.totalTitleTokens, 0], fileSizes: sizes)
        self.store = nil
        buffer = SegmentBuffer()
        return info
    }
}
