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
    ///
    /// Frequencies are small in almost every block, so this keeps the shortest length per frequency
    /// in a table indexed by frequency and walks it downwards: linear, no sort. Larger frequencies
    /// fall back to ``sortedFrontier(_:)``, which gives the same result.
    static func frontier(_ pairs: [Pair]) -> [Pair] {
        var maxFreq: UInt32 = 0
        for pair in pairs where pair.freq > maxFreq { maxFreq = pair.freq }
        guard maxFreq <= maxTabledFrequency else { return sortedFrontier(pairs) }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Int(maxFreq) + 1) { shortestAt in
            shortestAt.initialize(repeating: .max)
            for pair in pairs where pair.length < shortestAt[Int(pair.freq)] {
                shortestAt[Int(pair.freq)] = pair.length
            }
            var result: [Pair] = []
            var shortest = UInt32.max
            var freq = Int(maxFreq)
            while freq >= 0 {
                let length = shortestAt[freq]
                if length < shortest {
                    result.append(Pair(freq: UInt32(freq), length: length))
                    shortest = length
                }
                freq -= 1
            }
            return result
        }
    }

    /// Above this frequency ``frontier(_:)`` sorts instead of tabling lengths by frequency.
    static let maxTabledFrequency: UInt32 = 4_096

    /// The Pareto frontier by sorting: the reference for ``frontier(_:)`` and its path for large frequencies.
    static func sortedFrontier(_ pairs: [Pair]) -> [Pair] {
        let sorted = pairs.sorted { $0.freq != $1.freq ? $0.freq > $1.freq : $0.length < $1.length }
        var result: [Pair] = []
        var shortest = UInt32.max
        for pair in sorted where pair.length < shortest {
            result.append(pair)
            shortest = pair.length
        }
        return result
    }

    /// The frontier of the union of two frontiers (each as ``frontier(_:)`` orders it), in one merge pass.
    static func union(_ a: [Pair], _ b: [Pair]) -> [Pair] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var result: [Pair] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        var shortest = UInt32.max
        while i < a.count || j < b.count {
            let takeA: Bool
            if j == b.count {
                takeA = true
            } else if i == a.count {
                takeA = false
            } else {
                takeA = a[i].freq != b[j].freq ? a[i].freq > b[j].freq : a[i].length <= b[j].length
            }
            let pair = takeA ? a[i] : b[j]
            if takeA { i += 1 } else { j += 1 }
            if pair.length < shortest {
                result.append(pair)
                shortest = pair.length
            }
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
