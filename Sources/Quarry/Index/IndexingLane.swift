import Foundation

/// Adds documents to segments and finishes them, or merges flushed segments, in the order given:
/// on a thread of its own, or, when made `inline`, at once on the caller's thread.
///
/// ``IndexWriter`` keeps one lane per indexing thread; each lane builds its own segments, so lanes
/// share nothing but the analyzer (immutable). A failure (a full disk, say) is kept and later tasks
/// are skipped until ``reset()``; the writer reads it with ``failure`` after handing work over.
final class IndexingLane: @unchecked Sendable {
    enum Task: @unchecked Sendable {
        /// Store and invert these documents, in order, into the segment.
        case add([SourceDocument], SegmentInProgress)
        /// Write the segment's files; `sequence` orders finished segments.
        case finish(SegmentInProgress, sequence: Int)
        /// Merge these flushed, uncommitted segments (in this order) into a new segment.
        case merge([Manifest.SegmentInfo], into: String, directory: IndexDirectory)
        /// Signal once every earlier task is done.
        case barrier(DispatchSemaphore)
    }

    private let analyzer: Analyzer
    /// The index's extra text fields, in order: their values are stored and indexed.
    private let extraFields: [String]
    private let storeCompression: StoreCompression
    private let queue: BoundedQueue<Task>?
    private let lock = NSLock()
    // Guarded by `lock`.
    private var storedFailure: Error?
    private var finished: [(sequence: Int, info: Manifest.SegmentInfo)] = []
    private var merged: [(sources: [String], info: Manifest.SegmentInfo)] = []

    /// - Parameter inline: run every task at once on the thread that submits it (no thread of its own).
    init(analyzer: Analyzer, extraFields: [String], storeCompression: StoreCompression = .fast, inline: Bool) {
        self.analyzer = analyzer
        self.extraFields = extraFields
        self.storeCompression = storeCompression
        if inline {
            queue = nil
        } else {
            let queue = BoundedQueue<Task>(capacity: 4)
            self.queue = queue
            let thread = Thread { [self] in
                while let task = queue.take() { perform(task) }
            }
            thread.stackSize = 8 << 20
            thread.name = "quarry-indexing"
            thread.start()
        }
    }

    /// Hands a task over (waiting while the lane's queue is full).
    func submit(_ task: Task) {
        if let queue { queue.put(task) } else { perform(task) }
    }

    /// Waits until every task submitted so far is done.
    func waitUntilIdle() {
        guard queue != nil else { return }
        let done = DispatchSemaphore(value: 0)
        submit(.barrier(done))
        done.wait()
    }

    /// The first failure since the last ``reset()``.
    var failure: Error? {
        lock.lock()
        defer { lock.unlock() }
        return storedFailure
    }

    /// The segments finished since the last call.
    func takeFinished() -> [(sequence: Int, info: Manifest.SegmentInfo)] {
        lock.lock()
        defer { lock.unlock() }
        let result = finished
        finished.removeAll()
        return result
    }

    /// The merges done since the last call: the sources' names, in merge order, and the new segment.
    func takeMerged() -> [(sources: [String], info: Manifest.SegmentInfo)] {
        lock.lock()
        defer { lock.unlock() }
        let result = merged
        merged.removeAll()
        return result
    }

    /// Forgets the failure and the finished and merged segments (call when idle).
    func reset() {
        lock.lock()
        storedFailure = nil
        finished.removeAll()
        merged.removeAll()
        lock.unlock()
    }

    /// Ends the lane's thread once its queue is drained.
    func stop() {
        queue?.close()
    }

    deinit { queue?.close() }

    private func perform(_ task: Task) {
        if case .barrier(let done) = task {
            done.signal()
            return
        }
        if failure != nil { return }
        do {
            switch task {
            case .add(let documents, let segment):
                for document in documents { try segment.add(document, extraFields: extraFields, analyzer: analyzer) }
                segment.reportSize()
            case .finish(let segment, let sequence):
                let info = try segment.finish()
                lock.lock()
                finished.append((sequence, info))
                lock.unlock()
            case .merge(let sources, let name, let directory):
                let info = try SegmentMerger.merge(sources, into: name, directory: directory, extraFields: extraFields,
                                                   storeCompression: storeCompression)
                lock.lock()
                merged.append((sources.map(\.name), info))
                lock.unlock()
            case .barrier:
                break
            }
        } catch {
            lock.lock()
            if storedFailure == nil { storedFailure = error }
            lock.unlock()
        }
    }
}
