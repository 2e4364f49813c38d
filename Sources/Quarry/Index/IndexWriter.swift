/// Builds an index: buffers documents in memory, flushes immutable segments at a memory budget,
/// and publishes them atomically with ``commit(mergingSegments:)``.
///
/// One writer per index folder at a time (an advisory lock enforces it). Until `commit()` returns,
/// readers keep seeing the previous commit; if the process dies first, that commit stays intact and
/// the next writer removes the unreferenced files.
public final class IndexWriter {
    /// What to do with an index already in the folder.
    public enum OpenMode: Sendable {
        /// Start empty; the first commit replaces whatever the folder held.
        case create
        /// Keep the committed documents and add to them.
        case append
    }

    public let path: String
    public let analyzer: Analyzer
    private let directory: IndexDirectory
    private let lock: IndexLock
    private var manifest: Manifest
    private var pending: [Manifest.SegmentInfo] = []
    private var buffer = SegmentBuffer()
    private var store: DocumentStoreWriter?
    private var bufferName = ""
    private let memoryBudget: Int
    private var segmentSequence = 0
    /// Segments this writer began since its last commit: removed if a commit fails.
    private var uncommittedNames: Set<String> = []
    /// What an empty buffer already holds (preallocated tables): not counted against the budget.
    private let emptyBufferBytes = SegmentBuffer().memoryBytes

    /// Documents added since the last commit.
    public private(set) var pendingDocuments = 0

    /// Opens (or creates) the index in folder `path`.
    /// - Parameters:
    ///   - path: the index folder.
    ///   - mode: `.create` replaces the index at the next commit; `.append` adds to it.
    ///   - settings: the analyzer for a new index; an appended index keeps its own.
    ///   - bm25: the BM25 defaults stored with a new index.
    ///   - memoryBudget: bytes of buffered postings after which a segment is flushed.
    public init(path: String, mode: OpenMode = .create, settings: AnalyzerSettings = .standard,
                bm25: BM25 = BM25(), memoryBudget: Int = 1 << 30) throws {
        self.path = path
        directory = IndexDirectory(path: path)
        try directory.create()
        if !directory.exists(IndexDirectory.manifestName) { try directory.claimForNewIndex() }
        lock = try IndexLock(directory: directory)
        self.memoryBudget = max(memoryBudget, 1 << 20)
        let existing: Manifest?
        if !directory.exists(IndexDirectory.manifestName) {
            existing = nil
        } else if mode == .create {
            // Replacing: a damaged old manifest must not stop the user from starting over.
            existing = try? Manifest.load(from: directory)
        } else {
            existing = try Manifest.load(from: directory)
        }
        if mode == .append, let existing {
            if existing.fields != SegmentBuffer.fieldNames {
                throw QuarryError.unsupportedVersion("\(path) has fields \(existing.fields.joined(separator: ", ")); this version adds title and id fields: rebuild the index to append to it")
            }
            manifest = existing
        } else {
            manifest = Manifest(generation: existing?.generation ?? 0, analyzer: settings, k1: bm25.k1, b: bm25.b,
                                fields: SegmentBuffer.fieldNames, segments: [])
        }
        analyzer = Analyzer(settings: manifest.analyzer)
        // Files no commit refers to are leftovers of an interrupted writer.
        if let existing { try removeUnreferencedFiles(keeping: existing) }
    }

    /// Adds one document. It becomes searchable at the next ``commit(mergingSegments:)``.
    /// If writing fails (a full disk, say), every document added since the last commit is dropped
    /// and the files made for them are removed; the committed index is unchanged.
    public func add(_ document: SourceDocument) throws {
        do {
            if store == nil { try startSegment() }
            try store!.add(id: document.id, title: document.title, body: document.body)
            buffer.addDocument(id: document.id, title: document.title, body: document.body, analyzer: analyzer)
            pendingDocuments += 1
            if buffer.documentCount >= Int(Int32.max) || buffer.memoryBytes - emptyBufferBytes >= memoryBudget {
                try flushSegment()
            }
        } catch {
            discardUncommitted()
            throw error
        }
    }

    /// Writes buffered documents to a segment and atomically publishes every new segment.
    ///
    /// All or nothing: the new manifest is written only after every new file was written and
    /// synced. If anything fails, the previous commit stays as it was, this writer's uncommitted
    /// documents are dropped and the files it made for them are removed.
    /// - Parameter mergingSegments: first merge every segment, committed and new, into one (see
    ///   `SegmentMerger`), so that one commit publishes the new documents already merged.
    public func commit(mergingSegments: Bool = false) throws {
        var next = manifest
        do {
            try flushSegment()
            next.generation += 1
            next.segments += pending
            if mergingSegments && next.segments.count > 1 {
                let name = nextSegmentName()
                uncommittedNames.insert(name)
                next.segments = [try SegmentMerger.merge(next.segments, into: name, directory: directory)]
            }
            try directory.syncDirectory()
            try directory.atomicReplace(IndexDirectory.manifestName, with: next.encoded())
        } catch {
            // If the manifest was renamed into place before the failure (only its folder sync
            // failed), the commit happened: its files must stay.
            if (try? Manifest.load(from: directory))?.generation != next.generation || next.generation == manifest.generation {
                discardUncommitted()
                throw error
            }
            manifest = next
            finishCommit()
            throw error
        }
        manifest = next
        finishCommit()
        try removeUnreferencedFiles(keeping: manifest)
    }

    /// Replaces the committed segments with one merged segment (see `SegmentMerger`) and commits.
    /// With one segment or none and nothing buffered, there is nothing to do and no commit is written.
    public func forceMerge() throws {
        if pendingDocuments == 0 && pending.isEmpty && manifest.segments.count <= 1 { return }
        try commit(mergingSegments: true)
    }

    private func finishCommit() {
        pending.removeAll()
        pendingDocuments = 0
        uncommittedNames.removeAll()
        if directory.exists(IndexDirectory.creatingMarkerName) { directory.remove(IndexDirectory.creatingMarkerName) }
    }

    /// Drops the buffered and flushed-but-uncommitted documents and removes their files.
    private func discardUncommitted() {
        store = nil  // closes its file
        buffer = SegmentBuffer()
        bufferName = ""
        pending.removeAll()
        pendingDocuments = 0
        for name in uncommittedNames {
            for kind in FileFormat.Kind.allCases where kind != .manifest {
                directory.remove(name + "." + kind.fileExtension)
            }
        }
        uncommittedNames.removeAll()
        directory.remove(IndexDirectory.manifestName + ".tmp")
    }

    /// Releases the lock without committing; uncommitted documents are dropped.
    public func close() {
        lock.release()
    }

    // MARK: Segments

    private func nextSegmentName() -> String {
        while true {
            segmentSequence += 1
            let name = "seg-\(manifest.generation + 1)-\(segmentSequence)"
            if !directory.exists(name + ".store") && !directory.exists(name + ".terms") { return name }
        }
    }

    private func startSegment() throws {
        bufferName = nextSegmentName()
        uncommittedNames.insert(bufferName)
        store = try DocumentStoreWriter(path: directory.filePath(bufferName + "." + FileFormat.Kind.store.fileExtension))
        buffer = SegmentBuffer()
    }

    private func flushSegment() throws {
        guard let store, buffer.documentCount > 0 else { return }
        var sizes = try SegmentWriter.write(buffer, name: bufferName, in: directory)
        sizes[FileFormat.Kind.store.fileExtension] = try store.finish()
        pending.append(Manifest.SegmentInfo(name: bufferName, documentCount: buffer.documentCount,
                                            fieldTokenTotals: [buffer.totalTokens, buffer.totalTitleTokens, 0], fileSizes: sizes))
        self.store = nil
        bufferName = ""
        buffer = SegmentBuffer()
    }

    private func removeUnreferencedFiles(keeping manifest: Manifest) throws {
        let live = Set(manifest.segments.map(\.name))
        let ours = Set(FileFormat.Kind.allCases.map(\.fileExtension))
        for name in try directory.fileNames() {
            guard let dot = name.lastIndex(of: ".") else { continue }
            let stem = String(name[..<dot]), ext = String(name[name.index(after: dot)...])
            if stem.hasPrefix("seg-") && ours.contains(ext) && !live.contains(stem) && stem != bufferName {
                directory.remove(name)
            } else if name == IndexDirectory.manifestName + ".tmp" {
                directory.remove(name)
            }
        }
    }
}
