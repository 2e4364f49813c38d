/// Score upper bounds that hold for any BM25 parameters.
///
/// BM25's term score grows with the term frequency and shrinks with the document length, so for a set
/// of (tf, length) pairs only the Pareto frontier (no other pair has a higher tf and a shorter length)
/// can hold the maximum. Quarry stores each term's frontier (at most ``maxStored`` pairs; when longer,
/// neighbours are merged into (max tf, min length), which still bounds every pair it replaces) and, per
/// postings block, the block's frontier coarsened to `PostingsFormat.impactsPerBlock` pairs.
enum Impacts {
    static let maxStored = 8

    struct Pair: Equatable, Sendable {
        var freq: UInt32
        var length: UInt32
    }

    /// The Pareto frontier of `pairs`, ordered by frequency descending (length then strictly descending).
    static func frontier(_ pairs: [Pair]) -> [Pair] {
        let sorted = pairs.sorted { $0.freq != $1.freq ? $0.freq > $1.freq : $0.length < $1.length }
        var result: [Pair] = []
        var shortest = UInt32.max
        for pair in sorted where pair.length < shortest {
            result.append(pair)
            shortest = pair.length
        }
        return result
    }

    /// Shrinks a frontier to at most `maxStored` pairs by merging neighbours into dominating pairs.
    static func coarsened(_ frontier: [Pair], to groups: Int = maxStored) -> [Pair] {
        guard frontier.count > groups else { return frontier }
        var result: [Pair] = []
        for g in 0..<groups {
            let lo = g * frontier.count / groups
            let hi = (g + 1) * frontier.count / groups
            guard lo < hi else { continue }
            let slice = frontier[lo..<hi]
            result.append(Pair(freq: slice.map(\.freq).max()!, length: slice.map(\.length).min()!))
        }
        return result
    }
}
