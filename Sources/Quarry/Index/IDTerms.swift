/// The `id` keyword terms of a segment being built, kept apart from the ``TermTable``.
///
/// Nearly every document has an id of its own, so interning ids would fill the hash table with
/// terms seen once and push the text's frequent terms out of the cache. Ids are appended here as
/// they come; when the segment is written they are sorted and handed out as the id field's terms,
/// each with its documents in order (frequency 1, position 0).
struct IDTerms {
    private var arena: [UInt8] = []
    /// Per added id: its arena offset << 16 | length (ids longer than 65,535 bytes are not added).
    private var ranges: [UInt64] = []
    private var documents: [UInt32] = []

    /// Longest id this keeps; ``SegmentBuffer`` indexes ids only up to a shorter length.
    static let maxBytes = Int(UInt16.max)

    var count: Int { documents.count }

    /// Bytes of memory held, roughly.
    var memoryBytes: Int { arena.capacity + ranges.capacity * 8 + documents.capacity * 4 }

    /// Records that document `doc` has the id `bytes`. Documents must be added in increasing order.
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, document doc: UInt32) {
        precondition(bytes.count <= Self.maxBytes, "id too long to index")
        precondition(documents.last.map { $0 < doc } ?? true, "documents in increasing order")
        ranges.append(UInt64(arena.count) << 16 | UInt64(bytes.count))
        arena.append(contentsOf: bytes)
        documents.append(doc)
    }

    /// Calls `body` for each distinct id in byte order, with the documents that have it, ascending.
    func forEachTerm(_ body: (UnsafeBufferPointer<UInt8>, [UInt32]) throws -> Void) rethrows {
        guard !documents.isEmpty else { return }
        try arena.withUnsafeBufferPointer { a in
            let base = a.baseAddress ?? UnsafePointer(bitPattern: 1)!
            func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(start: base + Int(ranges[i] >> 16), count: Int(ranges[i] & 0xFFFF))
            }
            // Sorted by bytes, then by document (indices follow documents' order).
            let order = (0..<documents.count).sorted { x, y in
                let bx = bytes(x), by = bytes(y)
                let c = compareBytes(bx.baseAddress!, bx.count, by.baseAddress!, by.count)
                return c != 0 ? c < 0 : x < y
            }
            var docs: [UInt32] = []
            var i = 0
            while i < order.count {
                let key = bytes(order[i])
                docs.removeAll(keepingCapacity: true)
                var j = i
                while j < order.count {
                    let other = bytes(order[j])
                    guard other.count == key.count, compareBytes(other.baseAddress!, other.count, key.baseAddress!, key.count) == 0 else { break }
                    docs.append(documents[order[j]])
                    j += 1
                }
                try body(key, docs)
                i = j
            }
        }
    }
}
