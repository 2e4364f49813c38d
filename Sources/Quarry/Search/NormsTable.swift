/// A segment field's BM25 length normalisations `k1 · (1 − b + b · length / averageLength)`, one
/// per document, in memory owned by this object (so scorers can hold a plain pointer to it).
final class NormsTable: @unchecked Sendable {
    // Written once in init, read-only afterwards.
    let buffer: UnsafeMutableBufferPointer<Float>

    init(lengths: UnsafeBufferPointer<UInt32>, count: Int, bm25: BM25, averageLength: Float) {
        buffer = .allocate(capacity: max(count, 1))
        if lengths.count == count {
            for i in 0..<count { buffer[i] = bm25.norm(length: lengths[i], averageLength: averageLength) }
        } else {
            // A field the segment does not record (an older index): every document counts as average.
            buffer.initialize(repeating: bm25.k1)
        }
    }

    deinit { buffer.deallocate() }

    var pointer: UnsafeBufferPointer<Float> { UnsafeBufferPointer(buffer) }
}
