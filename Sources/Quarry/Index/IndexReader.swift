/// A point-in-time view of a committed index: the manifest and its open segments.
///
/// Opening reads the manifest once; later commits do not affect an open reader.
public final class IndexReader: Sendable {
    let directory: IndexDirectory
    let manifest: Manifest
    let segments: [SegmentReader]
    /// Global document id of each segment's first document.
    let segmentBases: [UInt32]
    /// Documents in the index's segments, deleted ones not yet merged away included: the range of
    /// document numbers, and the document count of BM25's statistics (as in Lucene, a deleted
    /// document counts in the statistics until a merge drops it).
    public let documentCount: Int
    /// Documents not deleted: what a search can find.
    public var liveDocumentCount: Int { manifest.liveDocumentCount }
    /// Documents deleted (or replaced) whose space a merge has not yet reclaimed.
    public var deletedDocumentCount: Int { documentCount - liveDocumentCount }
    /// Index-wide average document length (text field, in tokens).
    public let averageLength: Float
    /// Index-wide average title length in tokens (1 when no document has a title).
    public let titleAverageLength: Float
    /// Index-wide average body length in tokens (text minus title; see `body:` in the query language).
    public let bodyAverageLength: Float
    /// Per extra text field, its index-wide average length in tokens (1 when the field is always empty).
    public let extraAverageLengths: [Float]
    /// The index's extra text fields (see ``ExtraFields``), in field-number order.
    public var extraFieldNames: [String] { ExtraFields.names(in: manifest.fields) }
    /// The analyzer the index was built with.
    public let analyzer: Analyzer

    /// Opens the index in folder `path`.
    public convenience init(path: String) throws {
        try self.init(directory: IndexDirectory(path: path))
    }

    /// Opens the index in `directory` (with its ``IndexDirectory/memoryFiles``, if any).
    convenience init(directory: IndexDirectory) throws {
        // A commit may replace the manifest and delete the old segments between our reading the
        // manifest and opening its files; then the newer manifest names files that exist. Retry.
        var attempt = 0
        while true {
            let manifest = try Manifest.load(from: directory)
            do {
                let extras = ExtraFields.names(in: manifest.fields)
                let segments = try manifest.segments.map { try SegmentReader(directory: directory, info: $0, extraFields: extras) }
                try self.init(directory: directory, manifest: manifest, segments: segments)
                return
            } catch let error as QuarryError {
                attempt += 1
                let current = try? Manifest.load(from: directory)
                if attempt >= 5 || current == nil || current!.generation == manifest.generation { throw error }
            }
        }
    }

    /// A view of `segments` (opened from `manifest.segments`, in order); the writer uses it to
    /// search its committed and not yet committed segments together.
    init(directory: IndexDirectory, manifest: Manifest, segments: [SegmentReader]) throws {
        self.directory = directory
        self.manifest = manifest
        self.segments = segments
        var bases: [UInt32] = []
        var total = 0
        var tokens: UInt64 = 0
        var titleTokens: UInt64 = 0
        let extraCount = ExtraFields.names(in: manifest.fields).count
        var extraTokens = [UInt64](repeating: 0, count: extraCount)
        for info in manifest.segments {
            bases.append(UInt32(truncatingIfNeeded: total))
            total += info.documentCount
            let text = tokens.addingReportingOverflow(info.fieldTokenTotals.first ?? 0)
            let title = titleTokens.addingReportingOverflow(info.fieldTokenTotals.count > 1 ? info.fieldTokenTotals[1] : 0)
            if text.overflow || title.overflow { throw QuarryError.corruptIndex("\(IndexDirectory.manifestName): token totals overflow") }
            tokens = text.partialValue
            titleTokens = title.partialValue
            if info.fieldTokenTotals.count != manifest.fields.count {
                throw QuarryError.corruptIndex("\(IndexDirectory.manifestName): segment \(info.name) has \(info.fieldTokenTotals.count) field totals for \(manifest.fields.count) fields")
            }
            for k in 0..<extraCount {
                let sum = extraTokens[k].addingReportingOverflow(info.fieldTokenTotals[ExtraFields.builtIn.count + k])
                if sum.overflow { throw QuarryError.corruptIndex("\(IndexDirectory.manifestName): token totals overflow") }
                extraTokens[k] = sum.partialValue
            }
        }
        if total >= Int(UInt32.max) { throw QuarryError.limitExceeded("more than 4 billion documents") }
        segmentBases = bases
        documentCount = total
        averageLength = total > 0 ? max(Float(Double(tokens) / Double(total)), Float.leastNormalMagnitude) : 1
        titleAverageLength = total > 0 && titleTokens > 0 ? Float(Double(titleTokens) / Double(total)) : 1
        bodyAverageLength = total > 0 && tokens > titleTokens ? Float(Double(tokens - titleTokens) / Double(total)) : 1
        extraAverageLengths = extraTokens.map { total > 0 && $0 > 0 ? Float(Double($0) / Double(total)) : 1 }
        analyzer = Analyzer(settings: manifest.analyzer)
    }

    /// The generation of the commit in folder `path` (reads only the small manifest): whether a
    /// reader opened earlier is still current.
    public static func committedGeneration(path: String) throws -> UInt64 {
        try Manifest.load(from: IndexDirectory(path: path)).generation
    }

    /// The index's field names; a field's number in term keys is its place in this list.
    public var fieldNames: [String] { manifest.fields }

    /// The BM25 parameters stored in the index (the defaults for searches).
    public var defaultBM25: BM25 { BM25(k1: manifest.k1, b: manifest.b) }

    /// The commit generation this reader sees.
    public var generation: UInt64 { manifest.generation }

    /// The segment holding global document `doc` and the document's id inside it.
    func locate(_ doc: UInt32) -> (segment: Int, local: Int) {
        var lo = 0, hi = segmentBases.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if segmentBases[mid] <= doc { lo = mid } else { hi = mid - 1 }
        }
        return (lo, Int(doc - segmentBases[lo]))
    }

    /// Whether global document `doc` (< `documentCount`) is deleted.
    public func isDeleted(_ doc: Int) -> Bool {
        let (segment, local) = locate(UInt32(doc))
        return segments[segment].isDeleted(UInt32(local))
    }

    /// The longest id, in UTF-8 bytes, that documents can be looked up (or deleted) by: a longer
    /// one is stored but not indexed, so ``liveDocument(withID:)`` never finds it.
    public static let maxLookupIDBytes = SegmentBuffer.maxIndexedIDBytes

    /// Why no document can be looked up by `id` (empty, or over ``maxLookupIDBytes``), or nil
    /// when one can.
    public static func idLookupProblem(_ id: String) -> String? {
        if id.isEmpty { return "the id is empty" }
        let bytes = id.utf8.count
        guard bytes > maxLookupIDBytes else { return nil }
        return "ids over \(maxLookupIDBytes) bytes are stored but not indexed, so no document can be looked up by this one (\(bytes) bytes): find the document with a search"
    }

    /// The global number of the live document whose id is `id`, or nil.
    public func liveDocument(withID id: String) throws -> Int? {
        for (i, segment) in segments.enumerated().reversed() {
            for local in try segment.documents(withID: id) where !segment.isDeleted(local) {
                return Int(segmentBases[i]) + Int(local)
            }
        }
        return nil
    }

    /// The stored fields of global document `doc`.
    public func document(_ doc: Int) throws -> StoredDocument {
        guard doc >= 0 && doc < documentCount else { throw QuarryError.badQuery("no document \(doc)") }
        let (segment, local) = locate(UInt32(doc))
        return try segments[segment].store.document(local)
    }

    /// Global document `doc` with at most the first `bodyPrefixBytes` UTF-8 bytes of its body (cut
    /// back to a character boundary): only the store blocks that hold them are decompressed, so a
    /// huge document costs no more to show than a small one.
    public func document(_ doc: Int, bodyPrefixBytes: Int) throws -> StoredDocument {
        guard doc >= 0 && doc < documentCount else { throw QuarryError.badQuery("no document \(doc)") }
        let (segment, local) = locate(UInt32(doc))
        return try segments[segment].store.read(local, bodyPrefixBytes: max(0, bodyPrefixBytes)).document
    }
}
