/// Reusable buffers for phrase matching: each term's decoded positions for the current document and
/// the surviving phrase start positions.
///
/// All state lives behind `let` pointers to manually managed memory, so the per-candidate hot path
/// pays no copy-on-write or exclusivity checks. Buffers grow (and are never shrunk) as needed.
final class PhraseScratch {
    private let termCount: Int
    /// Per term: a buffer of `capacities[t]` positions, the number decoded, and whether they are current.
    private let buffers: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>>
    private let capacities: UnsafeMutablePointer<Int>
    private let counts: UnsafeMutablePointer<Int>
    private let fresh: UnsafeMutablePointer<Bool>
    /// [0]: surviving start positions, [1]: spare for filtering; capacity in `startCapacity[0]`.
    private let starts: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>>
    private let startCapacity: UnsafeMutablePointer<Int>

    init(terms: Int) {
        termCount = terms
        buffers = .allocate(capacity: terms)
        capacities = .allocate(capacity: terms)
        counts = .allocate(capacity: terms)
        fresh = .allocate(capacity: terms)
        for t in 0..<terms {
            buffers[t] = .allocate(capacity: 64)
            capacities[t] = 64
            counts[t] = 0
            fresh[t] = false
        }
        starts = .allocate(capacity: 2)
        starts[0] = .allocate(capacity: 64)
        starts[1] = .allocate(capacity: 64)
        startCapacity = .allocate(capacity: 1)
        startCapacity[0] = 64
    }

    deinit {
        for t in 0..<termCount { buffers[t].deallocate() }
        buffers.deallocate()
        capacities.deallocate()
        counts.deallocate()
        fresh.deallocate()
        starts[0].deallocate()
        starts[1].deallocate()
        starts.deallocate()
        startCapacity.deallocate()
    }

    /// Marks every term's positions as stale (a new candidate document).
    @inline(__always)
    func startDocument() {
        fresh.update(repeating: false, count: termCount)
    }

    /// Term `term`'s positions in the cursor's current document, decoded once per document.
    @inline(__always)
    func positions(of term: Int, cursor: PostingsCursor) -> UnsafeBufferPointer<UInt32> {
        if !fresh[term] {
            let needed = Int(cursor.freq)
            if needed > capacities[term] {
                buffers[term].deallocate()
                let capacity = max(needed, capacities[term] * 2)
                buffers[term] = .allocate(capacity: capacity)
                capacities[term] = capacity
            }
            counts[term] = cursor.decodePositions(into: buffers[term])
            fresh[term] = true
        }
        return UnsafeBufferPointer(start: buffers[term], count: counts[term])
    }

    /// Seeds the start positions from the first word's positions; returns how many there are.
    func filterFirst(_ positions: UnsafeBufferPointer<UInt32>, offset: UInt32) -> Int {
        ensureStartCapacity(positions.count)
        let out = starts[0]
        var n = 0
        for p in positions where p >= offset {
            out[n] = p - offset
            n += 1
        }
        return n
    }

    /// Keeps the first `count` start positions `s` for which `s + offset` is in `positions` (both ascending).
    func filter(_ count: Int, against positions: UnsafeBufferPointer<UInt32>, offset: UInt32) -> Int {
        let input = starts[0]
        let output = starts[1]
        var kept = 0
        var k = 0
        let n = positions.count
        for i in 0..<count {
            let wanted = input[i] &+ offset
            while k < n && positions[k] < wanted { k += 1 }
            if k == n { break }
            if positions[k] == wanted {
                output[kept] = input[i]
                kept += 1
            }
        }
        starts[0] = output
        starts[1] = input
        return kept
    }

    private func ensureStartCapacity(_ needed: Int) {
        guard needed > startCapacity[0] else { return }
        let capacity = max(needed, startCapacity[0] * 2)
        starts[0].deallocate()
        starts[1].deallocate()
        starts[0] = .allocate(capacity: capacity)
        starts[1] = .allocate(capacity: capacity)
        startCapacity[0] = capacity
    }
}
