import Foundation

/// Indexes files and JSON Lines into an index folder: reads and parses documents on one thread
/// while the writer analyzes and inverts them on ``threads`` others (each building its own
/// segments), reports progress and skipped inputs, commits once at the end (and optionally merges
/// to one segment).
public struct IndexBuilder: Sendable {
    /// Counters while a run is in progress, and at its end.
    public struct Progress: Sendable {
        public var documents = 0
        public var skipped = 0
        /// Files read only in part (their documents before the damage are indexed).
        public var damaged = 0
        /// UTF-8 bytes of title + body indexed.
        public var textBytes = 0
        /// Invalid UTF-8 sequences replaced while reading.
        public var replacedInvalid = 0
        /// Documents that replaced a live document with the same id (an earlier version, or a
        /// duplicate id earlier in the input).
        public var updated = 0
        /// Documents deleted because their file (or JSON Lines record) is gone.
        public var deleted = 0
        /// Documents of files found unchanged, and so not read again.
        public var unchanged = 0
        /// Files found unchanged.
        public var unchangedFiles = 0
        public var seconds = 0.0
    }

    public struct Summary: Sendable {
        public var progress: Progress
        /// Bytes of the committed index on disk.
        public var indexBytes: Int
        public var segments: Int
        /// `.append` when an existing index was updated, `.create` when a new one was built.
        public var mode: IndexWriter.OpenMode
    }

    public var paths: [String]
    public var indexPath: String
    public var mode: IndexWriter.OpenMode
    public var memoryBudget: Int
    /// Whether a new index is merged into one segment when its segments total at most
    /// ``singleSegmentLimit`` bytes.
    public var mergeToOneSegment: Bool
    /// The size up to which `mergeToOneSegment` merges a new index into one segment. A larger index
    /// keeps the segments its threads wrote (typically one per thread), merged only as the merge
    /// policy asks, as Lucene's and Tantivy's writers leave theirs: merging them all would rewrite
    /// the whole index once more (about a third of the build's time at a million documents) for no
    /// measurable gain in query time. `quarry merge` merges them when wanted.
    public var singleSegmentLimit = IndexBuilder.defaultSingleSegmentLimit
    /// 256 MB: the default of ``singleSegmentLimit``, and of the server's periodic merge.
    public static let defaultSingleSegmentLimit = 256 << 20
    /// The analyzer of a new index (an appended index keeps its own).
    public var settings: AnalyzerSettings
    /// With `.append`: also delete the documents of indexed files that are no longer found under
    /// `paths`, and JSON Lines records gone from a changed file, so the index mirrors its sources.
    /// Files that cannot be read keep their documents.
    public var removesMissing = false
    /// The merges of a commit that does not merge everything (`mergeToOneSegment` false): nil keeps
    /// every flushed segment.
    public var mergePolicy: TieredMergePolicy? = TieredMergePolicy()
    /// Threads that analyse and invert documents (the default: one per core).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// The extra text fields of a new index: JSON Lines members indexed and stored besides id,
    /// title and body (see ``ExtraFields``). nil: none for a new index; an appended index keeps
    /// its own, and refuses others.
    public var extraFields: [String]? = nil
    /// How the document store is compressed; nil keeps an appended index's level (fast for a new one).
    public var storeCompression: StoreCompression? = nil

    public init(paths: [String], indexPath: String, mode: IndexWriter.OpenMode = .create,
                memoryBudget: Int = 1 << 30, mergeToOneSegment: Bool = true, settings: AnalyzerSettings = .standard) {
        self.settings = settings
        self.paths = paths
        self.indexPath = indexPath
        self.mode = mode
        self.memoryBudget = memoryBudget
        self.mergeToOneSegment = mergeToOneSegment
    }

    /// Runs the build. `onSkip` gets each input passed over (source, reason); `onDamaged` each file
    /// read only in part (source, reason); `onProgress` is called about every 1,000 documents.
    /// Throws ``NothingToIndexError`` if nothing could be indexed; the previous commit is then untouched.
    public func run(onSkip: (String, String) -> Void, onDamaged: (String, String) -> Void = { _, _ in },
                    onProgress: (Progress) -> Void) throws -> Summary {
        let started = QueryBenchmark.now()
        let writer = try IndexWriter(path: indexPath, mode: mode, settings: settings, memoryBudget: memoryBudget,
                                     threads: threads, extraFields: extraFields, storeCompression: storeCompression)
        writer.mergePolicy = mergePolicy
        defer { writer.close() }
        let queue = BoundedQueue<[IngestEvent]>(capacity: 8)
        let previous = mode == .append ? try writer.committedCatalog() : SourceCatalog()
        var source = DocumentSource(paths: paths)
        source.catalog = previous
        source.extraFields = writer.extraFields
        let failure = ErrorBox()
        let reader = Thread { [source] in
            var batch: [IngestEvent] = []
            do {
                try source.forEachEvent { event in
                    batch.append(event)
                    if batch.count == 256 {
                        queue.put(batch)
                        batch = []
                    }
                }
            } catch {
                failure.set(error)
            }
            if !batch.isEmpty { queue.put(batch) }
            queue.close()
        }
        reader.stackSize = 8 << 20
        reader.start()

        var progress = Progress()
        var nextReport = 1_000
        var tracker = SourceTracker(previous: previous, removesMissing: mode == .append && removesMissing)
        defer { queue.cancel() }
        while let batch = queue.take() {
            for event in batch {
                switch event {
                case .item(.document(let document, _, let replaced)):
                    if try writer.update(document) { progress.updated += 1 }
                    tracker.produced(document.id)
                    progress.documents += 1
                    progress.textBytes += document.title.utf8.count + document.body.utf8.count
                    progress.replacedInvalid += replaced
                case .item(.skipped(let source, let reason)):
                    progress.skipped += 1
                    onSkip(source, reason)
                case .item(.damaged(let source, let reason)):
                    progress.damaged += 1
                    onDamaged(source, reason)
                    tracker.currentFileIsDamaged()
                case .file(let file):
                    try tracker.begin(file, writer: writer, progress: &progress)
                case .unchangedFile(let file):
                    try tracker.unchanged(file, writer: writer, progress: &progress)
                case .fileHashed(let id, let hash):
                    tracker.hashed(id: id, hash: hash)
                }
            }
            if progress.documents >= nextReport {
                progress.seconds = (QueryBenchmark.now() - started) / 1e6
                onProgress(progress)
                nextReport = progress.documents + 1_000
            }
        }
        if let error = failure.get() { throw error }
        try tracker.finish(writer: writer, progress: &progress)
        if progress.documents == 0 && progress.unchangedFiles == 0 && progress.deleted == 0 {
            throw NothingToIndexError(paths: paths, skipped: progress.skipped)
        }
        if progress.documents > 0 || progress.deleted > 0 || tracker.catalog != previous || mode == .create {
            try writer.commit(mergingSegments: mergeToOneSegment, mergeLimitBytes: singleSegmentLimit, catalog: tracker.catalog)
        }
        // The summary needs the index's size and segments only: no walk of its dictionaries.
        let reader2 = try IndexReader(path: indexPath)
        let indexBytes = IndexStats.fileBytes(reader2).values.reduce(0, +)
        progress.seconds = (QueryBenchmark.now() - started) / 1e6
        return Summary(progress: progress, indexBytes: indexBytes, segments: reader2.segments.count, mode: mode)
    }
}

/// A blocking FIFO of bounded size between one producer and one consumer thread.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    // All state is guarded by `condition`.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds an item, waiting while the queue is full. After `cancel()`, items are dropped.
    func put(_ item: Element) {
        condition.lock()
        while items.count - head >= capacity && !cancelled { condition.wait() }
        if cancelled { condition.unlock(); return }
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    private var cancelled = false

    /// Stops the consumer's side: pending and future items are dropped so the producer never blocks.
    func cancel() {
        condition.lock()
        cancelled = true
        closed = true
        items.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, or nil once the queue is closed and drained.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        if head == items.count { return nil }
        let item = items[head]
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }
}

/// Carries an error from the reading thread to the indexing one.
final class ErrorBox: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var error: Error?

    func set(_ e: Error) { lock.lock(); error = e; lock.unlock() }
    func get() -> Error? { lock.lock(); defer { lock.unlock() }; return error }
}
