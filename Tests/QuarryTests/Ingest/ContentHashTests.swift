import Foundation
import Testing
@testable import Quarry

@Suite("Content hash")
struct ContentHashTests {
    private func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    @Test("the hash depends on the bytes only, not on how they are split between updates")
    func splitInvariance() {
        var rng = SplitMix(seed: 7)
        for count in [0, 1, 31, 32, 33, 63, 64, 65, 100, 1000, 4099] {
            let data = bytes(count, seed: UInt64(count))
            let whole = data.withUnsafeBytes { ContentHash.of($0) }
            for _ in 0..<20 {
                var hasher = ContentHash()
                var start = 0
                while start < count {
                    let piece = min(count - start, Int(rng.next() % 70))
                    data.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[start..<start + piece])) }
                    start += piece
                }
                #expect(hasher.finalize() == whole, "\(count) bytes")
            }
        }
    }

    @Test("changing, adding or removing any byte changes the hash")
    func sensitivity() {
        for count in [1, 5, 31, 32, 33, 96, 257] {
            let data = bytes(count, seed: 99 &+ UInt64(count))
            let original = data.withUnsafeBytes { ContentHash.of($0) }
            var seen: Set<UInt64> = [original]
            for i in 0..<count {
                var changed = data
                changed[i] ^= 0x01
                let h = changed.withUnsafeBytes { ContentHash.of($0) }
                #expect(!seen.contains(h), "flipping byte \(i) of \(count)")
                seen.insert(h)
            }
            let longer = data + [0]
            let shorter = Array(data.dropLast())
            #expect(longer.withUnsafeBytes { ContentHash.of($0) } != original)
            #expect(shorter.withUnsafeBytes { ContentHash.of($0) } != original)
        }
        // Zero-filled inputs of different lengths differ too (the length is folded in).
        let zeros = (0...70).map { [UInt8](repeating: 0, count: $0).withUnsafeBytes { ContentHash.of($0) } }
        #expect(Set(zeros).count == zeros.count)
    }

    @Test("a file's hash equals the hash of its bytes in one piece")
    func fileHash() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("content-hash-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        let data = bytes((1 << 20) * 2 + 77, seed: 3)  // spans several read chunks
        try Data(data).write(to: url)
        let expected = data.withUnsafeBytes { ContentHash.of($0) }
        #expect(SourceFileState.hashFile(url.path) == expected)
    }
}
