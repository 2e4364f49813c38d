import Testing
@testable import Quarry

@Suite struct BitPackingTests {
    @Test(arguments: Array(0...32))
    func roundTripsEveryWidth(width: Int) {
        var rng = SystemRandomNumberGenerator()
        let maxValue: UInt32 = width == 32 ? .max : (width == 0 ? 0 : (UInt32(1) << UInt32(width)) - 1)
        for trial in 0..<20 {
            var values = (0..<128).map { _ in UInt32.random(in: 0...maxValue, using: &rng) }
            if trial == 0 { values = Array(repeating: maxValue, count: 128) }
            var packed = [UInt8](repeating: 0xAA, count: BitPacking.packedBytes(width: width) + 3)
            values.withUnsafeBufferPointer { v in
                packed.withUnsafeMutableBytes { BitPacking.pack(v.baseAddress!, width: width, into: $0.baseAddress!) }
            }
            #expect(packed.suffix(3) == [0xAA, 0xAA, 0xAA], "pack must not write past 16 * width bytes")
            var out = [UInt32](repeating: 0xDEAD, count: 128)
            // Decode from an odd address to prove alignment does not matter.
            var shifted = [UInt8](repeating: 0, count: packed.count + 1)
            shifted.replaceSubrange(1..., with: packed)
            shifted.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { BitPacking.unpack(raw.baseAddress! + 1, width: width, into: $0.baseAddress!) }
            }
            #expect(out == values)
        }
    }

    /// The fused unpack-and-prefix-sum equals unpacking then summing; single-value reads equal unpacking.
    @Test(arguments: Array(0...32))
    func documentsAndSingleValuesMatchUnpacking(width: Int) {
        var rng = SplitMix(seed: UInt64(width) &* 7919 &+ 1)
        let maxValue: UInt32 = width == 32 ? .max : (width == 0 ? 0 : (UInt32(1) << UInt32(width)) - 1)
        for previous in [UInt32.max, 0, 123_456] {
            let values = (0..<128).map { _ in UInt32(truncatingIfNeeded: rng.next()) & maxValue }
            var packed = [UInt8](repeating: 0, count: BitPacking.packedBytes(width: width) + 16)
            values.withUnsafeBufferPointer { v in
                packed.withUnsafeMutableBytes { BitPacking.pack(v.baseAddress!, width: width, into: $0.baseAddress!) }
            }
            var expected = values
            expected.withUnsafeMutableBufferPointer { BitPacking.prefixSumGapsMinusOne($0.baseAddress!, count: 128, previous: previous) }
            var documents = [UInt32](repeating: 0xDEAD, count: 128)
            packed.withUnsafeBytes { raw in
                documents.withUnsafeMutableBufferPointer {
                    BitPacking.unpackDocuments(raw.baseAddress!, width: width, previous: previous, into: $0.baseAddress!)
                }
            }
            #expect(documents == expected)
            let singles = packed.withUnsafeBytes { raw in
                (0..<128).map { BitPacking.extract(raw.baseAddress!, width: width, index: $0) }
            }
            #expect(singles == values)
        }
    }

    @Test func requiredWidthIsMinimal() {
        var values = [UInt32](repeating: 0, count: 128)
        #expect(values.withUnsafeBufferPointer { BitPacking.requiredWidth($0.baseAddress!) } == 0)
        values[77] = 1
        #expect(values.withUnsafeBufferPointer { BitPacking.requiredWidth($0.baseAddress!) } == 1)
        values[3] = 1 << 20
        #expect(values.withUnsafeBufferPointer { BitPacking.requiredWidth($0.baseAddress!) } == 21)
        values[0] = .max
        #expect(values.withUnsafeBufferPointer { BitPacking.requiredWidth($0.baseAddress!) } == 32)
    }

    @Test func prefixSumRestoresIdsFromGapsMinusOne() {
        var gaps: [UInt32] = [4, 0, 0, 9, 1_000_000]
        gaps.withUnsafeMutableBufferPointer { BitPacking.prefixSumGapsMinusOne($0.baseAddress!, count: 5, previous: .max) }
        #expect(gaps == [4, 5, 6, 16, 1_000_017])
    }
}

@Suite struct VarIntTests {
    @Test func roundTripsBoundaryValues() {
        let values: [UInt32] = [0, 1, 127, 128, 255, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, .max]
        var w = ByteWriter()
        for v in values { w.vbyte(v) }
        var decoded: [UInt32] = []
        w.bytes.withUnsafeBufferPointer { p in
            var offset = 0
            while offset < p.count { decoded.append(VarInt.decode(p.baseAddress!, &offset, end: p.count)) }
        }
        #expect(decoded == values)
        let r = w.bytes.withUnsafeBytes { raw in
            // ByteReader over a copy that outlives the closure.
            Array(raw)
        }
        r.withUnsafeBytes { raw in
            var reader = ByteReader(raw, context: "test")
            for v in values { #expect((try? reader.vbyte()) == UInt64(v)) }
            #expect(throws: QuarryError.self) { try reader.u8() }
        }
    }

    /// Skipping lands where decoding one value at a time does, for every start and count, and never
    /// passes the end of the region.
    @Test func skipMatchesDecodingOneByOne() {
        var rng = SplitMix(seed: 99)
        var w = ByteWriter()
        var values: [UInt32] = []
        for _ in 0..<300 {
            // Mostly one-byte values, with runs of longer ones.
            let r = rng.next()
            let v = r % 4 == 0 ? UInt32(truncatingIfNeeded: r >> 8) >> UInt32(r % 31) : UInt32(r % 128)
            values.append(v)
            w.vbyte(v)
        }
        let bytes = w.bytes
        bytes.withUnsafeBufferPointer { p in
            var starts = [0]
            var o = 0
            for _ in values { _ = VarInt.decode(p.baseAddress!, &o, end: p.count); starts.append(o) }
            for from in stride(from: 0, to: values.count, by: 7) {
                for count in 0...min(40, values.count - from) {
                    #expect(VarInt.skip(p.baseAddress!, from: starts[from], end: p.count, count: count) == starts[from + count])
                }
            }
            // A region cut short: skipping stops at its end.
            let cut = starts[50] + 1
            #expect(VarInt.skip(p.baseAddress!, from: starts[40], end: cut, count: 30) <= cut)
        }
    }

    /// `skipExactly` lands where decoding does when the values are there, and says nil whenever the
    /// region ends before `count` values do (at any cut, including inside a value).
    @Test func skipExactlyFindsAllValuesOrNone() {
        var rng = SplitMix(seed: 101)
        var w = ByteWriter()
        var count = 0
        for _ in 0..<120 {
            let r = rng.next()
            w.vbyte(r % 3 == 0 ? UInt32(truncatingIfNeeded: r >> 20) : UInt32(r % 128))
            count += 1
        }
        let bytes = w.bytes
        bytes.withUnsafeBufferPointer { p in
            var starts = [0]
            var o = 0
            for _ in 0..<count { _ = VarInt.decode(p.baseAddress!, &o, end: p.count); starts.append(o) }
            for from in stride(from: 0, to: count, by: 5) {
                for n in 0...min(30, count - from) {
                    #expect(VarInt.skipExactly(p.baseAddress!, from: starts[from], end: p.count, count: n) == starts[from + n])
                    // Every end short of the n-th value's last byte is too short.
                    if n > 0 {
                        for cut in max(starts[from], starts[from + n] - 3)..<starts[from + n] {
                            #expect(VarInt.skipExactly(p.baseAddress!, from: starts[from], end: cut, count: n) == nil,
                                    "from \(from) n \(n) cut \(cut)")
                        }
                    }
                }
            }
        }
    }

    /// `ByteReader.skipVBytes` moves exactly as reading the values would, and throws (without
    /// moving past the end) when the region ends first.
    @Test func byteReaderSkipsValuesAsReadingThemWould() throws {
        var w = ByteWriter()
        let values: [UInt64] = [0, 1, 127, 128, 300, 1 << 20, 5, UInt64(UInt32.max), 9, 70_000]
        for v in values { w.vbyte(v) }
        let bytes = w.bytes
        try bytes.withUnsafeBytes { raw in
            for skip in 0...values.count {
                var skipped = ByteReader(raw, context: "test")
                var read = ByteReader(raw, context: "test")
                try skipped.skipVBytes(skip)
                for _ in 0..<skip { _ = try read.vbyte() }
                #expect(skipped.offset == read.offset, "skip \(skip)")
                if skip < values.count { #expect(try skipped.vbyte() == values[skip]) }
            }
            var reader = ByteReader(raw, context: "test")
            #expect(throws: QuarryError.self) { try reader.skipVBytes(values.count + 1) }
            var cut = ByteReader(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 1)]), context: "test")
            #expect(throws: QuarryError.self) { try cut.skipVBytes(values.count) }
        }
    }

    @Test func truncatedInputStopsAtTheEnd() {
        let bytes: [UInt8] = [0x80, 0x80]
        bytes.withUnsafeBufferPointer { p in
            var offset = 0
            _ = VarInt.decode(p.baseAddress!, &offset, end: 2)
            #expect(offset == 2)
            var out = [UInt32](repeating: 0, count: 3)
            var o2 = 0
            let complete = out.withUnsafeMutableBufferPointer { VarInt.decode(p.baseAddress!, &o2, end: 2, count: 3, into: $0.baseAddress!) }
            #expect(!complete)
        }
    }
}
