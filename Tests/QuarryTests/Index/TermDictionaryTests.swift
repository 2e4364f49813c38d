import Testing
@testable import Quarry

/// The term dictionary finds exactly the keys it holds, whatever their shared prefixes.
@Suite struct TermDictionaryTests {
    /// Keys that are prefixes of one another, share long prefixes, or differ in their last byte,
    /// across many blocks.
    /// With `long`, keys of 9 to 16 bytes over a small alphabet holding zero bytes, so many keys share
    /// their first 8 bytes (the binary search's prefixes tie) and zero bytes meet zero padding.
    static func keys(long: Bool = false) -> [[UInt8]] {
        var rng = SplitMix(seed: long ? 22 : 21)
        var set = Set<[UInt8]>()
        let alphabet: [UInt8] = long ? [0x00, 0x01, 0x61, 0xFF] : [0x61, 0x62, 0x63, 0x7A, 0xC3, 0xA9]
        while set.count < 2_000 {
            let length = long ? 8 + Int(rng.next() % 8) : 1 + Int(rng.next() % 7)
            set.insert([0] + (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        }
        return set.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test(arguments: [false, true])
    func findsEveryKeyAndNothingElse(long: Bool) throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/t.terms"
        let keys = Self.keys(long: long)
        let writer = try TermDictionaryWriter(path: path)
        for (i, key) in keys.enumerated() {
            let info = TermInfo(docFreq: i + 1, totalFreq: UInt64(2 * i + 2), postingsOffset: 12 + 10 * i, positionsOffset: 12 + 7 * i,
                                impacts: [Impacts.Pair(freq: UInt32(i % 5 + 1), length: UInt32(i))])
            try key.withUnsafeBufferPointer { try writer.add(key: $0, info: info) }
        }
        _ = try writer.finish()
        let reader = try TermDictionaryReader(file: try MappedFile(path: path), name: "t.terms")
        let present = Set(keys)
        for (i, key) in keys.enumerated() {
            let info = try reader.lookup(key)
            #expect(info?.docFreq == i + 1, "key \(key)")
            #expect(info?.postingsOffset == 12 + 10 * i)
            #expect(info?.positionsOffset == 12 + 7 * i)
            #expect(info?.impacts == [Impacts.Pair(freq: UInt32(i % 5 + 1), length: UInt32(i))])
        }
        // Absent keys: extensions, truncations and neighbours of present ones, and the extremes.
        var probes: [[UInt8]] = [[], [0], [0, 0x60], [0, 0xFF, 0xFF], [1]]
        for key in keys.prefix(long ? 2_000 : 300) {
            probes.append(key + [0x61])
            probes.append(key + [0x00])
            probes.append(Array(key.dropLast()))
            var bumped = key
            bumped[bumped.count - 1] &+= 1
            probes.append(bumped)
        }
        for probe in probes where !present.contains(probe) {
            #expect(try reader.lookup(probe) == nil, "absent key \(probe)")
        }
    }
}
