/// The per-document lengths of every field of a segment being written, in one array: text, title,
/// id (1 for every document: keywords), then the extra fields. Postings are encoded with their
/// field's lengths (for the impacts that bound scores).
struct FieldLengthTables {
    private let all: [UInt32]
    private let documentCount: Int
    private let fieldCount: Int

    init(text: [UInt32], title: [UInt32], extras: [[UInt32]]) {
        precondition(title.count == text.count && extras.allSatisfy { $0.count == text.count }, "one length per document and field")
        documentCount = text.count
        fieldCount = 3 + extras.count
        var all = text
        all.reserveCapacity(text.count * fieldCount)
        all += title
        all += repeatElement(1, count: text.count)
        for field in extras { all += field }
        self.all = all
    }

    /// Calls `body` with a function from a term key's field byte to that field's lengths (the
    /// text field's for a byte beyond the fields).
    func withTables<R>(_ body: ((UInt8) -> UnsafeBufferPointer<UInt32>) throws -> R) rethrows -> R {
        try all.withUnsafeBufferPointer { buffer in
            let n = documentCount, count = fieldCount
            return try body { field in
                let slot = Int(field) < count ? Int(field) : 0
                return UnsafeBufferPointer(rebasing: buffer[slot * n ..< (slot + 1) * n])
            }
        }
    }
}
