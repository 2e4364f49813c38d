/// The scratch space of block-at-a-time conjunctions (``ConjunctionScorer``, phrases): one block of
/// candidates, their slots in the lead block, and one row of frequencies per term. One per segment and query.
final class ConjunctionBuffers {
    let candidates: UnsafeMutablePointer<UInt32>
    let slots: UnsafeMutablePointer<UInt8>
    private let rows: UnsafeMutablePointer<UInt32>

    /// Scratch for the other terms' (weight, largest frequency) in the candidate bounds.
    let otherWeights: UnsafeMutablePointer<Float>
    let otherFrequencies: UnsafeMutablePointer<Float>

    /// Scratch for ``CandidateFilter``'s scatter method, all zero between uses; allocated on first use.
    private var table: UnsafeMutablePointer<UInt32>?

    /// Scratch for the candidate bounds: each candidate's norm and bound.
    let candidateNorms: UnsafeMutablePointer<Float>
    let candidateBounds: UnsafeMutablePointer<Float>

    init(terms: Int) {
        candidateNorms = .allocate(capacity: PostingsFormat.blockSize)
        candidateBounds = .allocate(capacity: PostingsFormat.blockSize)
        otherWeights = .allocate(capacity: terms)
        otherFrequencies = .allocate(capacity: terms)
        candidates = .allocate(capacity: PostingsFormat.blockSize)
        slots = .allocate(capacity: PostingsFormat.blockSize)
        rows = .allocate(capacity: PostingsFormat.blockSize * terms)
    }

    deinit {
        candidateNorms.deallocate()
        candidateBounds.deallocate()
        table?.deallocate()
        otherWeights.deallocate()
        otherFrequencies.deallocate()
        candidates.deallocate()
        slots.deallocate()
        rows.deallocate()
    }

    /// The scatter table: `CandidateFilter.maxScatterSpan` zeros, to be left zero after use.
    func scatterTable() -> UnsafeMutablePointer<UInt32> {
        if let table { return table }
        let created = UnsafeMutablePointer<UInt32>.allocate(capacity: CandidateFilter.maxScatterSpan)
        created.initialize(repeating: 0, count: CandidateFilter.maxScatterSpan)
        table = created
        return created
    }

    /// Term `term`'s frequencies (minus one), indexed by slot in the lead block.
    @inline(__always)
    func frequencies(ofTerm term: Int) -> UnsafeMutablePointer<UInt32> {
        rows + term * PostingsFormat.blockSize
    }
}
