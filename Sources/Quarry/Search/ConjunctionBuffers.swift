/// The scratch space of block-at-a-time conjunctions (``ConjunctionScorer``, phrases): one block of
/// candidates, their slots in the lead block, and one row of values per term. One per segment and query.
final class ConjunctionBuffers {
    let candidates: UnsafeMutablePointer<UInt32>
    let slots: UnsafeMutablePointer<UInt8>
    private let rows: UnsafeMutablePointer<UInt32>

    /// Scratch for the other terms' (weight, largest frequency) in the candidate bounds.
    let otherWeights: UnsafeMutablePointer<Float>
    let otherFrequencies: UnsafeMutablePointer<Float>

    /// Scratch for ``CandidateFilter``'s scatter method: a presence bit and a value per document of
    /// the window. Grown on demand; only the bits need clearing between uses.
    private(set) var scatterBits: UnsafeMutablePointer<UInt64>
    private(set) var scatterValues: UnsafeMutablePointer<UInt32>
    private var scatterCapacity = 0

    /// Scratch for the candidate bounds: each candidate's norm and bound.
    let candidateNorms: UnsafeMutablePointer<Float>
    let candidateBounds: UnsafeMutablePointer<Float>

    /// The fixed-size arrays, carved out of one allocation.
    private let arena: UnsafeMutableRawPointer

    init(terms: Int) {
        let block = PostingsFormat.blockSize
        // Four-byte arrays first, then the byte array: every array stays aligned.
        let words = 3 * block + block * terms + 2 * terms
        arena = .allocate(byteCount: 4 * words + block, alignment: 16)
        var next = arena
        func carve<T>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
            let pointer = next.bindMemory(to: T.self, capacity: count)
            next += MemoryLayout<T>.stride * count
            return pointer
        }
        candidateNorms = carve(Float.self, block)
        candidateBounds = carve(Float.self, block)
        candidates = carve(UInt32.self, block)
        rows = carve(UInt32.self, block * terms)
        otherWeights = carve(Float.self, terms)
        otherFrequencies = carve(Float.self, terms)
        slots = carve(UInt8.self, block)
        scatterBits = .allocate(capacity: 1)
        scatterValues = .allocate(capacity: 1)
    }

    deinit {
        arena.deallocate()
        scatterBits.deallocate()
        scatterValues.deallocate()
    }

    /// Makes the scatter scratch hold a window of `span` documents. Nothing is initialized here:
    /// each use clears the bits it needs and reads only values it wrote.
    func reserveScatter(span: Int) {
        if span <= scatterCapacity { return }
        let capacity = max(span, 2 * scatterCapacity, 1024)
        scatterBits.deallocate()
        scatterValues.deallocate()
        scatterBits = .allocate(capacity: (capacity + 63) / 64)
        scatterValues = .allocate(capacity: capacity)
        scatterCapacity = capacity
    }

    /// Term `term`'s row: one value per slot of the lead block, its frequency minus one (scoring)
    /// or its locator (phrases).
    @inline(__always)
    func row(ofTerm term: Int) -> UnsafeMutablePointer<UInt32> {
        rows + term * PostingsFormat.blockSize
    }
}
