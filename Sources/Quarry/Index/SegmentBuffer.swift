import CQuarrySupport

/// The in-memory part of a segment being built: terms, postings, positions and document lengths.
///
/// Documents get consecutive segment-local ids from 0. Each term has two byte streams in a
/// ``ByteSlicePool``:
/// - documents: per document containing the term, VByte `(docDelta << 1) | (freq == 1 ? 1 : 0)`,
///   followed by VByte `freq` when the frequency is above 1. A document's entry is written when the
///   term next occurs in a later document (its last one is read from the term's state), so ending a
///   document costs nothing per term.
/// - positions: VByte position deltas, the first position of each document absolute.
///
/// Per-term scalar state (stream heads, last document, frequency and last position in the current
/// document) lives in one flat table. Adding a token therefore costs a term lookup, a table access and
/// a few byte stores: no copy-on-write checks and no allocation unless a pool page or table fills up.
/// ``SegmentWriter`` reads the streams back with ``readPostings(term:docs:freqs:positions:)``.
struct SegmentBuffer {
    /// Field numbers in term keys (the key's first byte), in the manifest's `fields` order.
    static let textField: UInt8 = 0
    static let titleField: UInt8 = 1
    static let idField: UInt8 = 2
    /// The field number of the first extra field (see ``ExtraFields``); the others follow.
    static let firstExtraField: UInt8 = 3
    /// The field names of an index this version writes.
    static let fieldNames = ["text", "title", "id"]
    /// Ids longer than this are stored but not indexed as `id:` terms.
    static let maxIndexedIDBytes = 1024

    var terms = TermTable()
    /// The documents' ids, written as the id field's terms (kept out of `terms`, see ``IDTerms``).
    var ids = IDTerms()
    /// Per document: length of the text field in indexed tokens (BM25's document length).
    var lengths: [UInt32] = []
    /// Per document: length of the title field in indexed tokens.
    var titleLengths: [UInt32] = []
    var totalTokens: UInt64 = 0
    var totalTitleTokens: UInt64 = 0
    /// Per extra field, per document: its length in indexed tokens.
    var extraLengths: [[UInt32]]
    /// Per extra field: the sum of its lengths.
    var extraTotals: [UInt64]
    private var storage = Storage()

    /// An empty buffer for documents with `extraFieldCount` extra text fields.
    init(extraFieldCount: Int = 0) {
        extraLengths = Array(repeating: [], count: extraFieldCount)
        extraTotals = Array(repeating: 0, count: extraFieldCount)
    }

    var documentCount: Int { lengths.count }

    /// The manifest's per-field token totals: text, title, id (0: keywords have no length), extras.
    var fieldTokenTotals: [UInt64] { [totalTokens, totalTitleTokens, 0] + extraTotals }

    /// The bytes this buffer holds (pool pages, tables, term keys), for flushing at a memory budget.
    var memoryBytes: Int {
        terms.memoryBytes + ids.memoryBytes + storage.memoryBytes
            + (lengths.capacity + titleLengths.capacity + extraLengths.reduce(0) { $0 + $1.capacity }) * MemoryLayout<UInt32>.stride
    }

    /// Adds one document: the text field (title, newline, body) and the title field, analyzed by
    /// `analyzer`, the id as one keyword term, and `fields`, the extra fields' values in order
    /// (missing ones are empty). Returns the new document's id.
    @discardableResult
    mutating func addDocument(id: String = "", title: String, body: String, fields: [String] = [], analyzer: Analyzer) -> UInt32 {
        precondition(fields.count <= extraLengths.count, "more field values than extra fields")
        precondition(lengths.count < Int(Int32.max), "too many documents in one segment")
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        let doc = UInt32(lengths.count)
        // The text field is analyzed as stored, title, newline, body: the title's tokens first, the
        // body's following on (a newline always separates tokens, so no copy joins the two).
        var title = title, body = body
        var (tokenCount, next) = addField(&title, field: SegmentBuffer.textField, startPosition: 0, analyzer: analyzer)
        (tokenCount, next) = addField(&body, field: SegmentBuffer.textField, startPosition: next, analyzer: analyzer, counted: tokenCount)
        let titleCount = title.isEmpty ? 0 : addField(&title, field: SegmentBuffer.titleField, startPosition: 0, analyzer: analyzer).count
        if !id.isEmpty && id.utf8.count <= Self.maxIndexedIDBytes {
            var id = id
            id.withUTF8 { ids.add($0, document: doc) }
        }
        for k in extraLengths.indices {
            var value = k < fields.count ? fields[k] : ""
            let field = SegmentBuffer.firstExtraField + UInt8(k)
            let count = value.isEmpty ? 0 : addField(&value, field: field, startPosition: 0, analyzer: analyzer).count
            extraLengths[k].append(count)
            extraTotals[k] += UInt64(count)
        }
        storage.finishDocument(doc)
        lengths.append(tokenCount)
        titleLengths.append(titleCount)
        totalTokens += UInt64(tokenCount)
        totalTitleTokens += UInt64(titleCount)
        return doc
    }

    /// Adds the tokens of `text` to a field of the current document, from position `startPosition`;
    /// returns `counted` plus the tokens added, and the position after the last one.
    ///
    /// Tokens are staged in runs of ``Storage/stageCapacity``: staging a token hashes its key; for
    /// a whole run, what its lookups and writes will touch (term table slots, entries and key bytes,
    /// then term states and stream write places) is prefetched a round at a time, so that rare
    /// terms' cache misses overlap rather than come one after another.
    @inline(__always)
    private mutating func addField(_ text: inout String, field: UInt8, startPosition: UInt32, analyzer: Analyzer,
                                   counted: UInt32 = 0) -> (count: UInt32, next: UInt32) {
        var count = counted
        let storage = self.storage
        let next = text.withUTF8 { utf8 in
            analyzer.analyze(utf8, startPosition: startPosition) { term, pos, _, _ in
                storage.stage(term, field: field, position: pos)
                if storage.stagedCount == Storage.stageCapacity { self.addStagedTokens() }
                count &+= 1
            }
        }
        addStagedTokens()
        return (count, next)
    }

    /// Interns the staged tokens' keys (prefetching each term's state), then adds each token to its
    /// term's streams.
    @inline(__always)
    private mutating func addStagedTokens() {
        let storage = self.storage
        let n = storage.stagedCount
        storage.withStagedHashes { terms.prefetchLookups(hashes: $0, count: n) }
        var k = 0
        while k < n {
            let (id, isNew) = terms.intern(storage.stagedKey(k), hash: storage.stagedHash(k))
            storage.resolveStaged(k, id: id, isNew: isNew)
            k &+= 1
        }
        storage.addStagedTokens()
    }

    /// Replaces the contents of `docs`, `freqs` and `positions` with term `id`'s postings and
    /// returns the term's total frequency. The arrays keep their capacity, so callers can reuse them.
    func readPostings(term id: Int, docs: inout [UInt32], freqs: inout [UInt32], positions: inout [UInt8]) -> UInt64 {
        storage.readPostings(term: id, docs: &docs, freqs: &freqs, positions: &positions)
    }

    /// A hint that term `id`'s postings are read next: starts loading its state.
    func prefetchPostings(term id: Int) {
        storage.prefetchPostings(term: id)
    }
}

extension SegmentBuffer {
    /// Per-term state while documents arrive.
    fileprivate struct TermState {
        var docs: ByteSlicePool.Stream
        var positions: ByteSlicePool.Stream
        /// The last document written to `docs` (0 before the first, whose delta is then its id).
        var lastDoc: UInt32 = 0
        /// The term's latest document, whose entry is not yet in `docs` (valid when `freq` > 0).
        var pendingDoc: UInt32 = 0
        /// Occurrences in `pendingDoc`; 0 before the term's first occurrence.
        var freq: UInt32 = 0
        var lastPosition: UInt32 = 0
    }

    /// The pool, the term state table and the per-document scratch. A class so that the per-token path
    /// works through stable pointers; ``SegmentBuffer`` copies it before mutating when it is shared.
    fileprivate final class Storage {
        let pool: ByteSlicePool
        @exclusivity(unchecked) private var states: UnsafeMutablePointer<TermState>
        @exclusivity(unchecked) private var stateCount = 0
        @exclusivity(unchecked) private var stateCapacity: Int
        /// The number of the document whose tokens are being added.
        @exclusivity(unchecked) private var currentDoc: UInt32 = 0
        /// Tokens staged by ``stage(_:field:position:)`` and not yet added: their term table keys
        /// (field byte, then term bytes) back to back, where each starts (one more entry: the end),
        /// their hashes, positions and, once resolved, term ids.
        static let stageCapacity = 32
        @exclusivity(unchecked) private(set) var stagedCount = 0
        @exclusivity(unchecked) private var stagedKeys: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) private var stagedKeyCapacity: Int
        private let stagedKeyStarts: UnsafeMutablePointer<Int>
        private let stagedHashes: UnsafeMutablePointer<UInt32>
        private let stagedPositions: UnsafeMutablePointer<UInt32>
        private let stagedIDs: UnsafeMutablePointer<Int>

        init(pool: ByteSlicePool = ByteSlicePool(), stateCapacity: Int = 1 << 12) {
            self.pool = pool
            self.stateCapacity = stateCapacity
            states = .allocate(capacity: stateCapacity)
            stagedKeyCapacity = 1024
            stagedKeys = .allocate(capacity: stagedKeyCapacity)
            stagedKeys.initialize(repeating: 0, count: stagedKeyCapacity)
            stagedKeyStarts = .allocate(capacity: Self.stageCapacity + 1)
            stagedKeyStarts.initialize(repeating: 0, count: Self.stageCapacity + 1)
            stagedHashes = .allocate(capacity: Self.stageCapacity)
            stagedPositions = .allocate(capacity: Self.stageCapacity)
            stagedIDs = .allocate(capacity: Self.stageCapacity)
        }

        deinit {
            states.deinitialize(count: stateCount)
            states.deallocate()
            stagedKeys.deallocate()
            stagedKeyStarts.deallocate()
            stagedHashes.deallocate()
            stagedPositions.deallocate()
            stagedIDs.deallocate()
        }

        var memoryBytes: Int {
            pool.memoryBytes + stateCapacity * MemoryLayout<TermState>.stride + stagedKeyCapacity
        }

        func copy() -> Storage {
            let other = Storage(pool: pool.copy(), stateCapacity: stateCapacity)
            other.states.initialize(from: states, count: stateCount)
            other.stateCount = stateCount
            other.currentDoc = currentDoc
            return other
        }

        /// Stages a token of `field`: copies its key, computes the key's ``TermTable`` hash and
        /// records its position. The caller adds the staged tokens before staging more than
        /// ``stageCapacity``, and before the document ends.
        @inline(__always)
        func stage(_ term: UnsafeBufferPointer<UInt8>, field: UInt8, position: UInt32) {
            let start = stagedKeyStarts[stagedCount]
            let end = start + term.count + 1
            // 7 bytes of room past the key, so its hash reads its last word at once.
            if end + 7 > stagedKeyCapacity { growStagedKeys(end + 7) }
            let key = stagedKeys + start
            key[0] = field
            if let bytes = term.baseAddress, term.count > 0 { (key + 1).update(from: bytes, count: term.count) }
            let hash = TermTable.hash(keyFollowedBy7Readable: UnsafeBufferPointer(start: key, count: end - start))
            stagedHashes[stagedCount] = hash
            stagedPositions[stagedCount] = position
            stagedCount &+= 1
            stagedKeyStarts[stagedCount] = end
        }

        private func growStagedKeys(_ needed: Int) {
            var capacity = stagedKeyCapacity
            while capacity < needed { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.initialize(repeating: 0, count: capacity)
            grown.update(from: stagedKeys, count: stagedKeyStarts[stagedCount])
            stagedKeys.deallocate()
            stagedKeys = grown
            stagedKeyCapacity = capacity
        }

        /// The key of staged token `k`.
        @inline(__always)
        func stagedKey(_ k: Int) -> UnsafeBufferPointer<UInt8> {
            let start = stagedKeyStarts[k]
            return UnsafeBufferPointer(start: stagedKeys + start, count: stagedKeyStarts[k + 1] - start)
        }

        /// The hash of staged token `k`'s key.
        @inline(__always)
        func stagedHash(_ k: Int) -> UInt32 { stagedHashes[k] }

        /// Calls `body` with the staged tokens' hashes (``stagedCount`` of them).
        @inline(__always)
        func withStagedHashes(_ body: (UnsafePointer<UInt32>) -> Void) { body(stagedHashes) }

        /// Records the term id of staged token `k` (adding the term's state when new) and prefetches
        /// the term's state.
        @inline(__always)
        func resolveStaged(_ k: Int, id: Int, isNew: Bool) {
            if isNew { addTerm(id) }
            stagedIDs[k] = id
            quarry_prefetch_for_write(states + id)
        }

        /// Adds every staged token, resolved, to its term's streams; the stage is then empty. The
        /// places the tokens write to are prefetched first, all at once.
        @inline(__always)
        func addStagedTokens() {
            var k = 0
            while k < stagedCount {
                let state = states + stagedIDs[k]
                pool.prefetchAppend(to: state.pointee.positions)
                if state.pointee.pendingDoc != currentDoc { pool.prefetchAppend(to: state.pointee.docs) }
                k &+= 1
            }
            k = 0
            while k < stagedCount {
                addToken(id: stagedIDs[k], position: stagedPositions[k])
                k &+= 1
            }
            stagedCount = 0
        }

        @inline(__always)
        func addToken(id: Int, position: UInt32) {
            let state = states + id
            let delta: UInt32
            if state.pointee.freq != 0 && state.pointee.pendingDoc == currentDoc {
                delta = position &- state.pointee.lastPosition
            } else {
                // The term's first occurrence in this document: its previous document's entry is due.
                if state.pointee.freq != 0 { writePendingEntry(state) }
                state.pointee.pendingDoc = currentDoc
                delta = position
            }
            state.pointee.freq &+= 1
            state.pointee.lastPosition = position
            pool.append(vbyte: delta, to: &state.pointee.positions)
        }

        private func addTerm(_ id: Int) {
            precondition(id == stateCount, "term ids must be dense")
            if stateCount == stateCapacity {
                let capacity = stateCapacity * 2
                let grown = UnsafeMutablePointer<TermState>.allocate(capacity: capacity)
                grown.moveInitialize(from: states, count: stateCount)
                states.deallocate()
                states = grown
                stateCapacity = capacity
            }
            (states + stateCount).initialize(to: TermState(docs: pool.newStream(), positions: pool.newStream()))
            stateCount += 1
        }

        /// Appends the entry of the term's pending document to its documents stream.
        @inline(__always)
        private func writePendingEntry(_ state: UnsafeMutablePointer<TermState>) {
            let doc = state.pointee.pendingDoc
            let freq = state.pointee.freq
            let code = (doc &- state.pointee.lastDoc) &<< 1 | (freq == 1 ? 1 : 0)
            pool.append(vbyte: code, to: &state.pointee.docs)
            if freq != 1 { pool.append(vbyte: freq, to: &state.pointee.docs) }
            state.pointee.lastDoc = doc
            state.pointee.freq = 0
        }

        /// Ends document `doc`: the next tokens belong to `doc + 1`.
        func finishDocument(_ doc: UInt32) {
            precondition(doc == currentDoc, "documents are added in order")
            precondition(stagedCount == 0, "staged tokens not added")
            currentDoc = doc &+ 1
        }

        /// Postings decoded between appends in ``readPostings(term:docs:freqs:positions:)``.
        private static let readChunk = 256

        /// Starts loading term `id`'s state (where its streams begin), ahead of reading it.
        func prefetchPostings(term id: Int) {
            guard id >= 0 && id < stateCount else { return }
            quarry_prefetch(states + id)
        }

        func readPostings(term id: Int, docs: inout [UInt32], freqs: inout [UInt32], positions: inout [UInt8]) -> UInt64 {
            precondition(id >= 0 && id < stateCount, "term id out of range")
            docs.removeAll(keepingCapacity: true)
            freqs.removeAll(keepingCapacity: true)
            positions.removeAll(keepingCapacity: true)
            let state = states[id]
            var reader = pool.reader(for: state.docs)
            var doc: UInt32 = 0
            var total: UInt64 = 0
            // Decoded a chunk at a time into fixed scratch, then appended: one append per chunk,
            // not one (with its uniqueness check) per posting.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * Self.readChunk) { scratch in
                let chunkDocs = scratch.baseAddress!, chunkFreqs = chunkDocs + Self.readChunk
                var filled = 0
                while let code = reader.nextVByte() {
                    doc &+= code >> 1
                    let freq: UInt32
                    if code & 1 != 0 {
                        freq = 1
                    } else {
                        guard let f = reader.nextVByte() else { preconditionFailure("truncated document stream") }
                        freq = f
                    }
                    chunkDocs[filled] = doc
                    chunkFreqs[filled] = freq
                    filled += 1
                    total += UInt64(freq)
                    if filled == Self.readChunk {
                        docs.append(contentsOf: UnsafeBufferPointer(start: chunkDocs, count: filled))
                        freqs.append(contentsOf: UnsafeBufferPointer(start: chunkFreqs, count: filled))
                        filled = 0
                    }
                }
                docs.append(contentsOf: UnsafeBufferPointer(start: chunkDocs, count: filled))
                freqs.append(contentsOf: UnsafeBufferPointer(start: chunkFreqs, count: filled))
            }
            if state.freq != 0 {
                docs.append(state.pendingDoc)
                freqs.append(state.freq)
                total += UInt64(state.freq)
            }
            pool.appendContents(of: state.positions, to: &positions)
            return total
        }
    }
}
