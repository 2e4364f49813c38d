import Testing
@testable import Quarry

/// The linear frontier and the frontier union give exactly what sorting gives.
@Suite struct ImpactsTests {
    static func randomPairs(_ rng: inout SplitMix, count: Int, maxFreq: UInt64, maxLength: UInt64) -> [Impacts.Pair] {
        (0..<count).map { _ in
            Impacts.Pair(freq: UInt32(rng.next() % (maxFreq + 1)), length: UInt32(rng.next() % (maxLength + 1)))
        }
    }

    @Test func tabledFrontierEqualsSortedFrontier() {
        var rng = SplitMix(seed: 77)
        for round in 0..<2_000 {
            // Small frequencies (the table), frequencies past the table's limit (the sort), ties,
            // zero lengths and the extreme length.
            let maxFreq: UInt64 = round % 10 == 0 ? 20_000 : UInt64(1 + round % 40)
            var pairs = Self.randomPairs(&rng, count: Int(rng.next() % 140), maxFreq: maxFreq, maxLength: round % 3 == 0 ? 8 : 5_000)
            if round % 7 == 0 { pairs.append(Impacts.Pair(freq: 3, length: .max)) }
            #expect(Impacts.frontier(pairs) == Impacts.sortedFrontier(pairs), "round \(round)")
        }
    }

    @Test func unionEqualsFrontierOfConcatenation() {
        var rng = SplitMix(seed: 78)
        for round in 0..<2_000 {
            let a = Impacts.sortedFrontier(Self.randomPairs(&rng, count: Int(rng.next() % 60), maxFreq: 30, maxLength: 400))
            let b = Impacts.sortedFrontier(Self.randomPairs(&rng, count: Int(rng.next() % 60), maxFreq: 30, maxLength: 400))
            #expect(Impacts.union(a, b) == Impacts.sortedFrontier(a + b), "round \(round)")
        }
    }

    @Test func frontierKeepsOnlyUndominatedPairs() {
        let pairs = [Impacts.Pair(freq: 1, length: 10), Impacts.Pair(freq: 2, length: 50), Impacts.Pair(freq: 2, length: 20),
                     Impacts.Pair(freq: 5, length: 30), Impacts.Pair(freq: 1, length: 40)]
        #expect(Impacts.frontier(pairs) == [Impacts.Pair(freq: 5, length: 30), Impacts.Pair(freq: 2, length: 20),
                                            Impacts.Pair(freq: 1, length: 10)])
    }
}
