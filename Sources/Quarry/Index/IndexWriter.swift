/// Builds an index: buffers documents in memory, flushes immutable segments at a memory budget,
/// and publishes them atomically with ``commit(mergingSegments:mergeLimitBytes:catalog:)``.
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
    /// The index's extra text fields (see ``ExtraFields``): the values of these names in a
    /// ``SourceDocument``'s `fields` are stored and indexed.
    public let extraFields: [String]
    private let directory: IndexDirectory
    private let lock: IndexLock
    private var manifest: Manifest
    private var pending: [Manifest.SegmentInfo] = []
    /// One lane per indexing thread, each building its own segments, and the writer's view of each.
    private let lanes: [IndexingLane]
    private var laneStates: [LaneState]
    /// The lane that gets the next document.
    private var nextLane = 0
    /// Documents handed to a lane at once (one when there is a single lane, so nothing waits).
    /// Settable before the first document, so tests can interleave lanes finely.
    var batchLimit: Int
    /// Segments handed to a lane to finish and not yet collected into `pending`: their documents' ids.
    private var finishingIDs: [String: [String: UInt32]] = [:]
    private var finishSequence = 0
    /// Bytes of buffered postings per lane after which its segment is flushed (settable, like
    /// `batchLimit`, so tests can flush tiny segments).
    var laneBudget: Int
    /// Merges flushed segments in the background while indexing goes on (with more than one thread).
    private let mergeWorker: IndexingLane?
    /// The running background merge's new segment (nil when none runs).
    private var backgroundMergeTarget: String?
    /// Background merges taken in since this writer opened.
    private(set) var backgroundMerges = 0
    private var segmentSequence = 0
    /// Segments this writer began since its last commit: removed if a commit fails.
    private var uncommittedNames: Set<String> = []
    /// Documents deleted since the last commit, per segment name (committed, flushed or buffered).
    private var newDeletions: [String: Set<UInt32>] = [:]
    /// Readers of the committed and the flushed-but-uncommitted segments, opened when first needed.
    private var readers: [String: SegmentReader] = [:]
    /// Segments this writer made: an id is looked for in them only if `idHashes` has its hash.
    private var ownSegments: Set<String> = []
    private var idHashes: Set<UInt64> = []
    /// Deletions files this writer wrote since its last commit: removed if a commit fails.
    private var uncommittedFiles: [String] = []

    /// Which segments a commit merges when it is not asked to merge them all (nil: none).
    public var mergePolicy: TieredMergePolicy? = TieredMergePolicy()

    /// Documents added since the last commit.
    public private(set) var pendingDocuments = 0

    /// Opens (or creates) the index in folder `path`.
    /// - Parameters:
    ///   - path: the index folder.
    ///   - mode: `.create` replaces the index at the next commit; `.append` adds to it.
    ///   - settings: the analyzer for a new index; an appended index keeps its own.
    ///   - bm25: the BM25 defaults stored with a new index.
    ///   - memoryBudget: bytes of buffered postings (all threads together) after which a segment is flushed.
    ///   - threads: indexing threads, each building its own segments; with 1 (the default), documents
    ///     are analysed on the caller's thread.
    ///   - extraFields: the extra text fields of a new index; nil for none. An appended index keeps
    ///     its own, and throws ``QuarryError/badFields(_:)`` if these are given and differ.
    ///   - storeCompression: how the document store's blocks are compressed; nil keeps an appended
    ///     index's level (``StoreCompression/standard`` for a new one). Stored in the manifest, so later
    ///     merges and appends use it too; blocks already written keep theirs.
    public init(path: String, mode: OpenMode = .create, settings: AnalyzerSettings = .standard,
                bm25: BM25 = BM25(), memoryBudget: Int = 1 << 30, threads: Int = 1, extraFields: [String]? = nil,
                storeCompression: StoreCompression? = nil) throws {
        if let extraFields { try ExtraFields.validate(extraFields) }
        self.path = path
        directory = IndexDirectory(path: path)
        try directory.create()
        if !directory.exists(IndexDirectory.manifestName) { try directory.claimForNewIndex() }
        lock = try IndexLock(directory: directory)
        let threads = min(max(threads, 1), Self.maxThreads)
        laneBudget = max(memoryBudget / threads, 1 << 20)
        batchLimit = threads == 1 ? 1 : 128
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
            if existing.fields.count < SegmentBuffer.fieldNames.count {
                throw QuarryError.unsupportedVersion("\(path) has fields \(existing.fields.joined(separator: ", ")); this version adds title and id fields: rebuild the index to append to it")
            }
            let own = ExtraFields.names(in: existing.fields)
            if let extraFields, extraFields != own {
                throw QuarryError.badFields("\(path) has extra fields [\(own.joined(separator: ", "))], not [\(extraFields.joined(separator: ", "))]: rebuild the index to change them")
            }
            manifest = existing
        } else {
            manifest = Manifest(generation: existing?.generation ?? 0, analyzer: settings, k1: bm25.k1, b: bm25.b,
                                fields: SegmentBuffer.fieldNames + (extraFields ?? []), segments: [])
            manifest.storeCompression = .standard
        }
        if let storeCompression { manifest.storeCompression = storeCompression }
        self.extraFields = ExtraFields.names(in: manifest.fields)
        analyzer = Analyzer(settings: manifest.analyzer)
        let analyzer = self.analyzer
        let extraFields = self.extraFields
        let level = manifest.storeCompression
        lanes = (0..<threads).map { _ in IndexingLane(analyzer: analyzer, extraFields: extraFields, storeCompression: level, inline: threads == 1) }
        mergeWorker = threads > 1 ? IndexingLane(analyzer: analyzer, extraFields: extraFields, storeCompression: level, inline: false) : nil
        laneStates = Array(repeating: LaneState(), count: threads)
        // Files no commit refers to are leftovers of an interrupted writer.
        if let existing { try removeUnreferencedFiles(keeping: existing) }
    }

    /// Documents deleted or replaced since the last commit.
    public private(set) var pendingDeletions = 0

    /// The generation of the index's last commit as this writer knows it: the one it opened until
    /// it commits. A commit that throws after its manifest was published (say, the folder's sync
    /// failed) has still advanced it.
    public var committedGeneration: UInt64 { manifest.generation }
    /// The bytes of the last commit's segment files.
    public var committedSegmentBytes: Int {
        manifest.segments.reduce(0) { $0 &+ $1.fileSizes.values.reduce(0, &+) }
    }

    /// Adds one document, replacing the live document with the same id if there is one (see
    /// ``update(_:)``). It becomes searchable at the next ``commit(mergingSegments:mergeLimitBytes:catalog:)``.
    /// If writing fails (a full disk, say), every change since the last commit is dropped and the
    /// files made for it are removed; the committed index is unchanged.
    public func add(_ document: SourceDocument) throws {
        try update(document)
    }

    /// Adds `document`, first deleting every live document whose id is the same (committed or added
    /// since the last commit); returns whether one was replaced. Both take effect at the next
    /// ``commit(mergingSegments:mergeLimitBytes:catalog:)``. Ids longer than 1,024 bytes are not indexed, so such documents are never replaced.
    @discardableResult
    public func update(_ document: SourceDocument) throws -> Bool {
        do {
            let idHash = Self.hash(document.id)
            let replaced = try deleteLive(id: document.id, hash: idHash)
            let lane = nextLane
            if laneStates[lane].segment == nil { try startSegment(lane: lane) }
            let doc = UInt32(laneStates[lane].assigned)
            laneStates[lane].assigned += 1
            if Self.isIndexable(document.id) {
                if laneStates[lane].ids.updateValue(doc, forKey: document.id) == nil {
                    laneStates[lane].idBytes += document.id.utf8.count + 64
                }
                idHashes.insert(idHash)
            }
            laneStates[lane].batch.append(document)
            laneStates[lane].batchBytes += document.title.utf8.count + document.body.utf8.count
            pendingDocuments += 1
            if laneStates[lane].batch.count >= batchLimit || laneStates[lane].batchBytes >= Self.batchBytesLimit {
                try submitBatch(lane: lane)
                nextLane = (lane + 1) % lanes.count
            }
            return replaced
        } catch {
            discardUncommitted()
            throw error
        }
    }

    /// Deletes the live document whose id is `id` (committed, or added since the last commit);
    /// returns whether there was one. Takes effect at the next ``commit(mergingSegments:mergeLimitBytes:catalog:)``.
    @discardableResult
    public func delete(id: String) throws -> Bool {
        do {
            return try deleteLive(id: id)
        } catch {
            discardUncommitted()
            throw error
        }
    }

    /// Deletes every live document that matches `query` (committed, or added since the last
    /// commit, which this first flushes to a segment); returns how many. Takes effect at the next
    /// ``commit(mergingSegments:mergeLimitBytes:catalog:)``.
    @discardableResult
    public func delete(matching query: Query) throws -> Int {
        do {
            try flushAll()
            let infos = manifest.segments + pending
            let segments = try infos.map { try reader(for: $0) }
            let view = try IndexReader(directory: directory, manifest: Manifest(
                generation: manifest.generation, analyzer: manifest.analyzer, k1: manifest.k1, b: manifest.b,
                fields: manifest.fields, segments: infos), segments: segments)
            var deleted = 0
            try Searcher(reader: view).forEachMatch(query) { segment, doc in
                if markDeleted(infos[segment].name, doc) { deleted += 1 }
            }
            return deleted
        } catch {
            discardUncommitted()
            throw error
        }
    }

    private static func isIndexable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= SegmentBuffer.maxIndexedIDBytes
    }

    private static func hash(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { bytes in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            return h
        }
    }

    /// Marks every live document with this id deleted; returns whether there was one. `hash` is
    /// `hash(id)`, when the caller has it.
    private func deleteLive(id: String, hash: UInt64? = nil) throws -> Bool {
        guard Self.isIndexable(id) else { return false }
        var found = false
        // Every id this writer added has its hash in `idHashes`: without it, the id is in no lane,
        // no segment being finished and none of this writer's segments.
        let mayBeOwn = idHashes.contains(hash ?? Self.hash(id))
        for lane in laneStates.indices where mayBeOwn {
            guard let segment = laneStates[lane].segment, let doc = laneStates[lane].ids.removeValue(forKey: id) else { continue }
            laneStates[lane].idBytes -= id.utf8.count + 64
            found = markDeleted(segment.name, doc) || found
        }
        // An id is live in at most one segment being written: find it without copying the keys.
        if mayBeOwn, let name = finishingIDs.first(where: { $0.value[id] != nil })?.key,
           let doc = finishingIDs[name]?.removeValue(forKey: id) {
            found = markDeleted(name, doc) || found
        }
        for info in manifest.segments + pending where mayBeOwn || !ownSegments.contains(info.name) {
            let segment = try reader(for: info)
            for doc in try segment.documents(withID: id) where !segment.isDeleted(doc) {
                found = markDeleted(info.name, doc) || found
            }
        }
        return found
    }

    /// Records document `doc` of segment `name` as deleted; false if it already was.
    private func markDeleted(_ name: String, _ doc: UInt32) -> Bool {
        if let segment = readers[name], segment.isDeleted(doc) { return false }
        guard newDeletions[name, default: []].insert(doc).inserted else { return false }
        pendingDeletions += 1
        return true
    }

    private func reader(for info: Manifest.SegmentInfo) throws -> SegmentReader {
        if let open = readers[info.name] { return open }
        let opened = try SegmentReader(directory: directory, info: info, extraFields: extraFields)
        readers[info.name] = opened
        return opened
    }

    /// Writes buffered documents to a segment and atomically publishes every new segment.
    ///
    /// All or nothing: the new manifest is written only after every new file was written and
    /// synced. If anything fails, the previous commit stays as it was, this writer's uncommitted
    /// documents are dropped and the files it made for them are removed.
    /// - Parameter mergingSegments: first merge every segment, committed and new, into one (see
    ///   `SegmentMerger`), so that one commit publishes the new documents already merged.
    /// - Parameter mergeLimitBytes: with `mergingSegments`, merge into one only when the segments'
    ///   files total at most this many bytes; larger segments are left to the merge policy instead.
    /// - Parameter catalog: the source catalog to publish with this commit (nil keeps the current one).
    public func commit(mergingSegments: Bool = false, mergeLimitBytes: Int = .max, catalog: SourceCatalog? = nil) throws {
        try publishCommit { next in
            try flushAll()
            next.segments += pending
            try applyDeletions(to: &next)
            if let catalog {
                let name = SourceCatalog.fileName(generation: next.generation)
                uncommittedFiles.append(name)
                try directory.atomicReplace(name, with: catalog.encoded())
                next.catalogGeneration = next.generation
            }
            let totalBytes = next.segments.reduce(0) { $0 &+ $1.fileSizes.values.reduce(0, &+) }
            let mergingAll = mergingSegments && totalBytes <= mergeLimitBytes
            if mergingAll && (next.segments.count > 1 || (next.segments.first?.deletedCount ?? 0) > 0) {
                let name = nextSegmentName()
                uncommittedNames.insert(name)
                next.segments = [try SegmentMerger.merge(next.segments, into: name, directory: directory, extraFields: extraFields,
                                                                storeCompression: manifest.storeCompression)]
            } else if !mergingAll, let mergePolicy {
                next.segments = try applyMergePolicy(mergePolicy, to: next.segments)
            }
        }
    }

    /// Makes the next commit: `build` turns a copy of the manifest (its generation already the
    /// next one) into the new commit's, which is then written in place of the current one. When
    /// anything fails before the new manifest is on disk, the files written for it are removed
    /// and the last commit stands; if only the folder's sync after the rename failed, the commit
    /// happened and its files stay.
    private func publishCommit(_ build: (inout Manifest) throws -> Void) throws {
        var next = manifest
        do {
            next.generation += 1
            try build(&next)
            try directory.syncDirectory()
            try directory.atomicReplace(IndexDirectory.manifestName, with: next.encoded())
        } catch {
            if (try? Manifest.load(from: directory))?.generation != next.generation {
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

    /// The source catalog of the last commit (empty when it has none).
    public func committedCatalog() throws -> SourceCatalog {
        try SourceCatalog.load(from: directory, manifest: manifest)
    }

    /// Merges the index down to at most `maxSegments` segments and commits; documents still
    /// buffered are committed first. Every segment it leaves has no deleted documents.
    ///
    /// With `maxSegments` 1 (the default) every segment is merged into one. Otherwise the smallest
    /// segments (by live documents) are merged into one, as few as bring the count down to
    /// `maxSegments`, and any other segment with deletions is rewritten alone: the least data is
    /// rewritten. When nothing needs doing, no commit is written.
    /// - Throws: ``QuarryError/limitExceeded(_:)`` when `maxSegments` is below 1.
    public func forceMerge(maxSegments: Int = 1) throws {
        guard maxSegments >= 1 else {
            throw QuarryError.limitExceeded("the most segments to merge down to must be at least 1, got \(maxSegments)")
        }
        if maxSegments == 1 {
            if pendingDocuments == 0 && pendingDeletions == 0 && pending.isEmpty && manifest.segments.count <= 1
                && (manifest.segments.first?.deletedCount ?? 0) == 0 { return }
            try commit(mergingSegments: true)
            return
        }
        if pendingDocuments > 0 || pendingDeletions > 0 || !pending.isEmpty { try commit() }
        let groups = Self.forcedMergeGroups(manifest.segments, maxSegments: maxSegments)
        if groups.isEmpty { return }
        try publishCommit { next in try merge(groups, in: &next.segments) }
    }

    /// The merges that bring `segments` down to `maxSegments` (> 1) with no deleted documents left:
    /// the smallest segments together, then each other segment with deletions alone.
    static func forcedMergeGroups(_ segments: [Manifest.SegmentInfo], maxSegments: Int) -> [[String]] {
        var groups: [[String]] = []
        var chosen: Set<String> = []
        if segments.count > maxSegments {
            let smallest = segments.sorted { ($0.liveDocumentCount, $0.name) < ($1.liveDocumentCount, $1.name) }
                .prefix(segments.count - maxSegments + 1).map(\.name)
            groups.append(smallest)
            chosen.formUnion(smallest)
        }
        for segment in segments where !chosen.contains(segment.name) && segment.deletedCount > 0 {
            groups.append([segment.name])
        }
        return groups
    }

    /// Merges what `policy` asks for, round after round, each merged segment taking the place of
    /// the first of its sources.
    private func applyMergePolicy(_ policy: TieredMergePolicy, to start: [Manifest.SegmentInfo]) throws -> [Manifest.SegmentInfo] {
        var segments = start
        for _ in 0..<64 {
            let groups = policy.merges(for: segments)
            if groups.isEmpty { break }
            try merge(groups, in: &segments)
        }
        return segments
    }

    /// Merges each group of segment names into a new segment, which takes the place of the first
    /// of its sources in `segments` (a merge left with no live document takes none).
    private func merge(_ groups: [[String]], in segments: inout [Manifest.SegmentInfo]) throws {
        for group in groups {
            let members = Set(group)
            let sources = segments.filter { members.contains($0.name) }
            guard let place = segments.firstIndex(where: { members.contains($0.name) }) else { continue }
            let name = nextSegmentName()
            uncommittedNames.insert(name)
            let merged = try SegmentMerger.merge(sources, into: name, directory: directory, extraFields: extraFields,
                                                 storeCompression: manifest.storeCompression)
            segments.removeAll { members.contains($0.name) }
            if merged.documentCount > 0 { segments.insert(merged, at: min(place, segments.count)) }
        }
    }

    /// Writes a new deletions file for every segment with new deletions, named by `next`'s
    /// generation and holding its earlier deletions too; a segment left with no live document is
    /// dropped from `next`.
    private func applyDeletions(to next: inout Manifest) throws {
        guard !newDeletions.isEmpty else { return }
        var kept: [Manifest.SegmentInfo] = []
        for var info in next.segments {
            guard let added = newDeletions[info.name], !added.isEmpty else {
                kept.append(info)
                continue
            }
            let earlier = try reader(for: info).deletions?.deletedDocuments ?? []
            let all = DeletedDocuments(documentCount: info.documentCount, deleted: added.union(earlier))
            if all.deletedCount == info.documentCount { continue }
            info.deletedCount = all.deletedCount
            info.deletionsGeneration = next.generation
            let name = info.deletionsFileName!
            uncommittedFiles.append(name)
            info.fileSizes[FileFormat.Kind.deletions.fileExtension] = try all.write(to: directory.filePath(name))
            kept.append(info)
        }
        next.segments = kept
    }

    /// Forgets the documents and deletions pending since the last commit (their files are the
    /// caller's business).
    private func clearPendingChanges() {
        pending.removeAll()
        pendingDocuments = 0
        pendingDeletions = 0
        newDeletions.removeAll()
        finishingIDs.removeAll()
    }

    private func finishCommit() {
        clearPendingChanges()
        // Segments' deletions changed: reopen readers when next needed.
        readers.removeAll()
        uncommittedFiles.removeAll()
        uncommittedNames.removeAll()
        if directory.exists(IndexDirectory.creatingMarkerName) { directory.remove(IndexDirectory.creatingMarkerName) }
    }

    /// Drops the buffered and flushed-but-uncommitted documents and removes their files.
    private func discardUncommitted() {
        for lane in lanes + (mergeWorker.map { [$0] } ?? []) {
            lane.waitUntilIdle()
            lane.reset()
        }
        backgroundMergeTarget = nil
        laneStates = Array(repeating: LaneState(), count: lanes.count)  // closes their store files
        nextLane = 0
        clearPendingChanges()
        for name in uncommittedNames {
            readers[name] = nil
            ownSegments.remove(name)
            for kind in FileFormat.segmentFileKinds {
                directory.remove(name + "." + kind.fileExtension)
            }
        }
        uncommittedNames.removeAll()
        for name in uncommittedFiles { directory.remove(name) }
        uncommittedFiles.removeAll()
        directory.remove(IndexDirectory.manifestName + ".tmp")
    }

    /// Releases the lock without committing; uncommitted documents are dropped (their files are
    /// removed by the next writer). The indexing and merge threads first finish what they were
    /// given, so that no file is written once the lock is gone.
    public func close() {
        guard !closed else { return }
        closed = true
        for lane in lanes + (mergeWorker.map { [$0] } ?? []) { lane.waitUntilIdle() }
        for lane in lanes { lane.stop() }
        mergeWorker?.stop()
        lock.release()
    }

    private var closed = false

    deinit {
        close()
    }

    // MARK: Segments

    private func nextSegmentName() -> String {
        while true {
            segmentSequence += 1
            let name = "seg-\(manifest.generation + 1)-\(segmentSequence)"
            if !directory.exists(name + ".store") && !directory.exists(name + ".terms") { return name }
        }
    }

    /// The writer's view of one lane: its open segment and the documents handed to it.
    private struct LaneState {
        var segment: SegmentInProgress?
        /// Documents given to `segment` (handed over or still in `batch`): the next one's number.
        var assigned = 0
        /// The segment's documents' ids (latest document per id) and the bytes that table takes.
        var ids: [String: UInt32] = [:]
        var idBytes = 0
        /// Documents not yet handed to the lane.
        var batch: [SourceDocument] = []
        var batchBytes = 0
    }

    /// At most this many indexing threads.
    public static let maxThreads = 64
    /// A lane gets its batch once it holds this much text, even if it has fewer documents.
    private static let batchBytesLimit = 1 << 20

    private func startSegment(lane: Int) throws {
        let name = nextSegmentName()
        uncommittedNames.insert(name)
        ownSegments.insert(name)
        laneStates[lane].segment = try SegmentInProgress(name: name, directory: directory, extraFieldCount: extraFields.count,
                                                             storeCompression: manifest.storeCompression)
        laneStates[lane].assigned = 0
    }

    /// Hands the lane its batch, then flushes its segment if the lane is over its share of the budget.
    private func submitBatch(lane: Int) throws {
        guard let segment = laneStates[lane].segment else { return }
        if !laneStates[lane].batch.isEmpty {
            lanes[lane].submit(.add(laneStates[lane].batch, segment))
            laneStates[lane].batch.removeAll(keepingCapacity: true)
            laneStates[lane].batchBytes = 0
        }
        if laneStates[lane].assigned >= Int(Int32.max) || segment.reportedBytes + laneStates[lane].idBytes >= laneBudget {
            finishSegment(lane: lane)
        }
        if let failure = lanes[lane].failure { throw failure }
        try collectFinishedSegments()
    }

    /// Hands the lane's segment over to be written; its ids are looked up in `finishingIDs` until then.
    private func finishSegment(lane: Int) {
        guard let segment = laneStates[lane].segment else { return }
        finishSequence += 1
        lanes[lane].submit(.finish(segment, sequence: finishSequence))
        finishingIDs[segment.name] = laneStates[lane].ids
        laneStates[lane] = LaneState()
    }

    /// Moves the segments the lanes have written into `pending`, in the order they were handed
    /// over, takes in a finished background merge, and starts the next one the merge policy asks for.
    private func collectFinishedSegments(startingMerges: Bool = true) throws {
        var finished: [(sequence: Int, info: Manifest.SegmentInfo)] = []
        for lane in lanes { finished += lane.takeFinished() }
        for (_, info) in finished.sorted(by: { $0.sequence < $1.sequence }) {
            pending.append(info)
            finishingIDs[info.name] = nil
        }
        try collectBackgroundMerge()
        if startingMerges { startBackgroundMerge() }
    }

    /// Starts merging flushed, uncommitted segments of similar size (as the merge policy groups
    /// them) on the merge thread, unless a merge runs already. Segments with deletions recorded
    /// against them are left for the commit.
    private func startBackgroundMerge() {
        guard let mergeWorker, backgroundMergeTarget == nil, let mergePolicy else { return }
        let candidates = pending.filter { newDeletions[$0.name]?.isEmpty ?? true }
        guard let group = mergePolicy.merges(for: candidates).first(where: { $0.count > 1 }) else { return }
        let members = Set(group)
        let name = nextSegmentName()
        uncommittedNames.insert(name)
        ownSegments.insert(name)
        backgroundMergeTarget = name
        mergeWorker.submit(.merge(candidates.filter { members.contains($0.name) }, into: name, directory: directory))
    }

    /// Takes in a finished background merge: the new segment replaces its sources in `pending`,
    /// deletions recorded against the sources meanwhile move to it, and the sources' files go.
    private func collectBackgroundMerge() throws {
        guard let mergeWorker, backgroundMergeTarget != nil else { return }
        if let failure = mergeWorker.failure { throw failure }
        for (sources, merged) in mergeWorker.takeMerged() {
            // The merged segment numbers the sources' documents one after another (they had no deletions).
            var base: UInt32 = 0
            var moved = Set<UInt32>()
            for name in sources {
                guard let source = pending.first(where: { $0.name == name }) else { preconditionFailure("merged a segment not pending") }
                for doc in newDeletions.removeValue(forKey: name) ?? [] { moved.insert(base + doc) }
                base += UInt32(source.documentCount)
            }
            if !moved.isEmpty { newDeletions[merged.name] = moved }
            let place = pending.firstIndex { sources.contains($0.name) } ?? pending.count
            pending.removeAll { sources.contains($0.name) }
            pending.insert(merged, at: min(place, pending.count))
            for name in sources {
                readers[name] = nil
                ownSegments.remove(name)
                uncommittedNames.remove(name)
                for kind in FileFormat.segmentFileKinds { directory.remove(name + "." + kind.fileExtension) }
            }
            backgroundMergeTarget = nil
            backgroundMerges += 1
        }
    }

    /// Writes every buffered document to segments and waits for them: afterwards `pending` holds
    /// every segment made since the last commit.
    private func flushAll() throws {
        for lane in lanes.indices {
            try submitBatch(lane: lane)
            finishSegment(lane: lane)
        }
        for lane in lanes { lane.waitUntilIdle() }
        for lane in lanes { if let failure = lane.failure { throw failure } }
        try collectFinishedSegments(startingMerges: false)
        mergeWorker?.waitUntilIdle()
        try collectBackgroundMerge()
    }

    private func removeUnreferencedFiles(keeping manifest: Manifest) throws {
        let live = Set(manifest.segments.map(\.name) + manifest.segments.compactMap { $0.deletionsFileName?.split(separator: ".").first.map(String.init) })
        let ours = Set(FileFormat.Kind.allCases.map(\.fileExtension))
        let inProgress = Set(laneStates.compactMap { $0.segment?.name } + finishingIDs.keys)
        for name in try directory.fileNames() {
            guard let dot = name.lastIndex(of: ".") else { continue }
            let stem = String(name[..<dot]), ext = String(name[name.index(after: dot)...])
            if stem.hasPrefix("seg-") && ours.contains(ext) && !live.contains(stem) && !inProgress.contains(stem) {
                directory.remove(name)
            } else if name == IndexDirectory.manifestName + ".tmp" {
                directory.remove(name)
            } else if name.hasPrefix("sources-") && ext == FileFormat.Kind.catalog.fileExtension
                        && name != SourceCatalog.fileName(generation: manifest.catalogGeneration) {
                directory.remove(name)
            }
        }
    }
}
