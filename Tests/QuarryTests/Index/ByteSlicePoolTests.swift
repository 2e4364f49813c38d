import Testing
@testable import Quarry

/// Writes many interleaved streams into a `ByteSlicePool` and reads them back against plain arrays.
@Suite struct ByteSlicePoolTests {
    /// The shared deterministic generator (SplitMix64), so failures reproduce.
    typealias Random = SplitMix

    static func vbyte(_ value: UInt32) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    static func readAll(_ pool: ByteSlicePool, _ stream: ByteSlicePool.Stream) -> [UInt8] {
        Array(pool.reader(for: stream))
    }

    static func contents(_ pool: ByteSlicePool, _ stream: ByteSlicePool.Stream) -> [UInt8] {
        var bytes: [UInt8] = [0xee]  // appendContents appends: keep a prefix to check it is kept
        pool.appendContents(of: stream, to: &bytes)
        #expect(bytes.first == 0xee)
        return Array(bytes.dropFirst())
    }

    @Test func emptyStreams() {
        let pool = ByteSlicePool()
        let a = pool.newStream()
        let b = pool.newStream()
        #expect(Self.readAll(pool, a).isEmpty)
        #expect(Self.contents(pool, b).isEmpty)
        var reader = pool.reader(for: a)
        #expect(reader.nextVByte() == nil)
        #expect(reader.next() == nil)
    }

    /// Every length up to well past several slice levels, so each slice boundary is hit exactly.
    @Test func everyLengthAcrossSliceBoundaries() {
        let pool = ByteSlicePool(pageBytes: 4096)
        var expected: [[UInt8]] = []
        var streams: [ByteSlicePool.Stream] = []
        for length in 0..<700 {
            var stream = pool.newStream()
            var bytes: [UInt8] = []
            for i in 0..<length {
                let b = UInt8(truncatingIfNeeded: i &* 31 &+ length)
                pool.append(byte: b, to: &stream)
                bytes.append(b)
            }
            streams.append(stream)
            expected.append(bytes)
        }
        for (stream, bytes) in zip(streams, expected) {
            #expect(Self.readAll(pool, stream) == bytes)
            #expect(Self.contents(pool, stream) == bytes)
        }
    }

    /// Edge values written at every offset, so encodings straddle slice ends.
    @Test func vbyteEdgeValuesAtEveryOffset() {
        let values: [UInt32] = [0, 1, 127, 128, 255, 16_383, 16_384, 2_097_151, 2_097_152,
                                268_435_455, 268_435_456, UInt32.max]
        let pool = ByteSlicePool(pageBytes: 4096)
        for padding in 0..<40 {
            for value in values {
                var stream = pool.newStream()
                for _ in 0..<padding { pool.append(byte: 0x55, to: &stream) }
                pool.append(vbyte: value, to: &stream)
                pool.append(vbyte: value, to: &stream)
                var reader = pool.reader(for: stream)
                for _ in 0..<padding { #expect(reader.next() == 0x55) }
                #expect(reader.nextVByte() == value)
                #expect(reader.nextVByte() == value)
                #expect(reader.nextVByte() == nil)
                #expect(Self.contents(pool, stream) == Array(repeating: 0x55, count: padding) + Self.vbyte(value) + Self.vbyte(value))
            }
        }
    }

    /// Thousands of streams of random lengths, written interleaved in random order with small pages.
    @Test(arguments: [(UInt64(1), 4096), (UInt64(2), 4096), (UInt64(3), 1 << 16)])
    func randomInterleavedStreams(seed: UInt64, pageBytes: Int) {
        var rng = Random(seed: seed)
        let pool = ByteSlicePool(pageBytes: pageBytes)
        let streamCount = 3000
        var streams: [ByteSlicePool.Stream] = []
        var expected: [[UInt8]] = []
        var values: [[UInt32]] = []
        // Zipf-like target lengths: most streams short, a few long.
        var targets: [Int] = []
        for _ in 0..<streamCount {
            streams.append(pool.newStream())
            expected.append([])
            values.append([])
            let u = Double(rng.next() % 1_000_000) / 1_000_000
            targets.append(Int(u * u * u * u * 6000))
        }
        var live = Array(0..<streamCount).filter { targets[$0] > 0 }
        while !live.isEmpty {
            let pick = Int(rng.next() % UInt64(live.count))
            let s = live[pick]
            // Values of every encoded width.
            let value = UInt32(truncatingIfNeeded: rng.next() >> (rng.next() % 64))
            pool.append(vbyte: value, to: &streams[s])
            expected[s] += Self.vbyte(value)
            values[s].append(value)
            if expected[s].count >= targets[s] {
                live.swapAt(pick, live.count - 1)
                live.removeLast()
            }
        }
        for s in 0..<streamCount {
            var reader = pool.reader(for: streams[s])
            var decoded: [UInt32] = []
            while let v = reader.nextVByte() { decoded.append(v) }
            #expect(decoded == values[s])
            #expect(Self.readAll(pool, streams[s]) == expected[s])
            #expect(Self.contents(pool, streams[s]) == expected[s])
        }
        let written = expected.reduce(0) { $0 + $1.count }
        #expect(pool.memoryBytes >= written)
        #expect(pool.pageCount * pageBytes < written * 2 + streamCount * 32 + 4 * pageBytes)
    }

    /// One stream of several MiB (many maximum-size slices over many pages) among short ones.
    @Test func veryLongStream() {
        let pool = ByteSlicePool(pageBytes: 4096)
        var long = pool.newStream()
        var shorts = (0..<100).map { _ in pool.newStream() }
        let length = 5_000_000
        for i in 0..<length {
            pool.append(byte: UInt8(truncatingIfNeeded: i % 251), to: &long)
            if i % 50_000 == 0 { pool.append(vbyte: UInt32(i), to: &shorts[(i / 50_000) % 100]) }
        }
        var reader = pool.reader(for: long)
        var i = 0
        var mismatches = 0
        while let b = reader.next() {
            if b != UInt8(truncatingIfNeeded: i % 251) { mismatches += 1 }
            i += 1
        }
        #expect(i == length)
        #expect(mismatches == 0)
        var bytes: [UInt8] = []
        pool.appendContents(of: long, to: &bytes)
        #expect(bytes.count == length)
        #expect(bytes.enumerated().allSatisfy { $0.element == UInt8(truncatingIfNeeded: $0.offset % 251) })
        for (k, stream) in shorts.enumerated() {
            var r = pool.reader(for: stream)
            #expect(r.nextVByte() == UInt32(k * 50_000))
            #expect(r.nextVByte() == nil)
        }
        // Overhead: forward addresses and the last page's unused tail only.
        #expect(pool.pageCount * pool.pageBytes < length + length / 100 + 20 * 4096)
    }

    @Test func copyIsIndependent() {
        let pool = ByteSlicePool(pageBytes: 4096)
        var a = pool.newStream()
        for i in 0..<10_000 { pool.append(vbyte: UInt32(i), to: &a) }
        let copy = pool.copy()
        #expect(copy.memoryBytes == pool.memoryBytes)
        var b = a
        for i in 0..<1000 { pool.append(vbyte: UInt32(i), to: &a) }
        for _ in 0..<1000 { copy.append(vbyte: 7, to: &b) }
        var expectedA: [UInt32] = Array(0..<10_000) + Array(0..<1000)
        var expectedB: [UInt32] = Array(0..<10_000) + Array(repeating: 7, count: 1000)
        var ra = pool.reader(for: a)
        var rb = copy.reader(for: b)
        while let v = ra.nextVByte() { #expect(v == expectedA.removeFirst()) }
        while let v = rb.nextVByte() { #expect(v == expectedB.removeFirst()) }
        #expect(expectedA.isEmpty)
        #expect(expectedB.isEmpty)
    }

    @Test func memoryGrowsByPages() {
        let pool = ByteSlicePool(pageBytes: 4096)
        let before = pool.memoryBytes
        var s = pool.newStream()
        #expect(pool.memoryBytes == before + 4096)
        for _ in 0..<100_000 { pool.append(byte: 1, to: &s) }
        #expect(pool.memoryBytes >= 100_000)
        #expect(pool.memoryBytes < 110_000 + 4096)
    }
}
