import Testing
@testable import Quarry

/// `TermTable`: dense ids, stable lookups through growth, and the two ways of hashing a key.
@Suite struct TermTableTests {
    /// Random keys of every length up to 40 bytes, field byte first, with duplicates.
    static func keys(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix(seed: seed)
        return (0..<count).map { _ in
            let length = 1 + Int(random.next() % 40)
            return (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next() % 7 == 0 ? 0 : random.next()) }
        }
    }

    @Test func paddedHashEqualsByteHash() {
        for key in Self.keys(count: 5_000, seed: 3) {
            // The key, then 7 bytes of junk that must not change the hash.
            let padded = key + [0xFF, 0x01, 0x80, 0x7F, 0xAA, 0x55, 0x33]
            padded.withUnsafeBufferPointer { p in
                let keyOnly = UnsafeBufferPointer(rebasing: p[0..<key.count])
                #expect(TermTable.hash(keyFollowedBy7Readable: keyOnly) == TermTable.hash(keyOnly))
            }
        }
    }

    @Test func idsAreDenseAndStableThroughGrowth() {
        var table = TermTable(initialCapacity: 16)
        var model: [[UInt8]: Int] = [:]
        for key in Self.keys(count: 20_000, seed: 9) {
            let (id, isNew) = key.withUnsafeBufferPointer { table.intern($0, hash: TermTable.hash($0)) }
            if let known = model[key] {
                #expect(id == known && !isNew)
            } else {
                #expect(id == model.count && isNew)
                model[key] = id
            }
        }
        #expect(table.count == model.count)
        for (key, id) in model {
            #expect(table.withKey(id) { Array($0) } == key)
            #expect(key.withUnsafeBufferPointer { table.intern($0) } == (id, false))
        }
    }
}
