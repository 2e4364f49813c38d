import Testing
@testable import Quarry

/// The eight-bytes-at-once ASCII scan must agree with a byte-by-byte check.
@Suite struct ASCIIWordRunTests {
    static func isASCIIAlnum(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func check(_ bytes: [UInt8], lowercase: Bool) -> Bool {
        let chunk = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        let (count, result) = ASCIIWordRun.scan(chunk, lowercase: lowercase)
        let expectedCount = bytes.firstIndex { !isASCIIAlnum($0) } ?? 8
        guard count == expectedCount else { return false }
        for (index, byte) in bytes.enumerated().prefix(count) {
            let expected = lowercase && (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            if UInt8(truncatingIfNeeded: result >> (8 * index)) != expected { return false }
        }
        return true
    }

    @Test func everyByteValueAtEveryPosition() {
        for position in 0..<8 {
            for value in 0...255 {
                var bytes = Array("aZ09mQzA".utf8)
                bytes[position] = UInt8(value)
                #expect(Self.check(bytes, lowercase: true), "byte \(value) at \(position)")
                #expect(Self.check(bytes, lowercase: false), "byte \(value) at \(position)")
            }
        }
    }

    @Test func randomChunks() {
        var rng = AnalysisTestRandom(seed: 7)
        for _ in 0..<100_000 {
            let bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: rng.next() % 5 == 0 ? rng.next() : 0x30 + rng.next() % 0x4B) }
            #expect(Self.check(bytes, lowercase: true), "\(bytes)")
        }
    }
}
