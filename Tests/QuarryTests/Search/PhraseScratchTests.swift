import Testing
@testable import Quarry

/// The phrase matcher's start-position filtering, against a plain set-based model.
@Suite struct PhraseScratchTests {
    @Test func filteringMatchesASetModel() {
        var rng = SplitMix(seed: 5)
        for _ in 0..<200 {
            let scratch = PhraseScratch(terms: 1)
            func sortedPositions(_ n: Int) -> [UInt32] {
                Array(Set((0..<n).map { _ in UInt32(rng.next() % 300) })).sorted()
            }
            let first = sortedPositions(Int(rng.next() % 150))
            let second = sortedPositions(Int(rng.next() % 150))
            let third = sortedPositions(Int(rng.next() % 150))
            let offset1 = UInt32(rng.next() % 3), offset2 = offset1 + 1 + UInt32(rng.next() % 3), offset3 = UInt32(rng.next() % 4)
            // Model: starts s with s + offset1 in first, s + offset2 in second, s + offset3 in third.
            let expected = first.filter { $0 >= offset1 }.map { $0 - offset1 }
                .filter { Set(second).contains($0 + offset2) && Set(third).contains($0 + offset3) }
            let n1 = first.withUnsafeBufferPointer { scratch.filterFirst($0, offset: offset1) }
            let n2 = second.withUnsafeBufferPointer { scratch.filter(n1, against: $0, offset: offset2) }
            let n3 = third.withUnsafeBufferPointer { scratch.filter(n2, against: $0, offset: offset3) }
            #expect(n3 == expected.count)
        }
    }

    @Test func buffersGrowForLongPositionLists() {
        let scratch = PhraseScratch(terms: 2)
        let many = (0..<10_000).map { UInt32($0 * 2) }
        let n = many.withUnsafeBufferPointer { scratch.filterFirst($0, offset: 0) }
        #expect(n == 10_000)
        let odd = (0..<10_000).map { UInt32($0 * 2 + 1) }
        #expect(odd.withUnsafeBufferPointer { scratch.filter(n, against: $0, offset: 1) } == 10_000)
        #expect(odd.withUnsafeBufferPointer { scratch.filter(10_000, against: $0, offset: 0) } == 0)
    }
}
