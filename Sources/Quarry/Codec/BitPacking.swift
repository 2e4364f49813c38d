/// Bit-packing of blocks of 128 unsigned 32-bit integers (the postings block size).
///
/// Layout ("vertical", four lanes): value `i` belongs to lane `i % 4` and is the `i / 4`-th value of
/// that lane. Each lane's 32 values are packed LSB-first into `width` 32-bit words, and the words of
/// the four lanes are interleaved, so word `j` of lane `l` is stored at word index `4 * j + l`.
/// A packed block is therefore exactly `16 * width` bytes, and decoding works on four lanes at once
/// with 128-bit vector shifts and masks (SSE2/NEON), the layout popularised by SIMD-BP128.
enum BitPacking {
    static let blockSize = 128

    /// Bytes a block of 128 values packed at `width` bits occupies.
    @inline(__always)
    static func packedBytes(width: Int) -> Int { width * 16 }

    /// The number of bits needed for the largest of the values.
    @inline(__always)
    static func requiredWidth(_ values: UnsafePointer<UInt32>, count: Int = 128) -> Int {
        var acc: UInt32 = 0
        for i in 0..<count { acc |= values[i] }
        return acc == 0 ? 0 : 32 - acc.leadingZeroBitCount
    }

    /// Packs exactly 128 values (each < 2^width) into `16 * width` bytes at `out`.
    static func pack(_ values: UnsafePointer<UInt32>, width: Int, into out: UnsafeMutableRawPointer) {
        guard width > 0 else { return }
        let words = out.bindMemory(to: SIMD4<UInt32>.self, capacity: width)
        for j in 0..<width { words[j] = SIMD4<UInt32>(repeating: 0) }
        let lanes = UnsafeRawPointer(values).bindMemory(to: SIMD4<UInt32>.self, capacity: 32)
        var bit = 0
        for slot in 0..<32 {
            let v = lanes[slot]
            let word = bit >> 5
            let shift = UInt32(bit & 31)
            words[word] |= v &<< SIMD4(repeating: shift)
            if Int(shift) + width > 32 {
                words[word + 1] |= v &>> SIMD4(repeating: 32 - shift)
            }
            bit += width
        }
    }

    /// Unpacks 128 values packed at `width` bits from `input` into `out`.
    /// `input` needs no particular alignment.
    @inline(__always)
    static func unpack(_ input: UnsafeRawPointer, width: Int, into out: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 0: out.update(repeating: 0, count: 128)
        case 1: unpackFixed(input, 1, out, accumulating: false, previous: 0)
        case 2: unpackFixed(input, 2, out, accumulating: false, previous: 0)
        case 3: unpackFixed(input, 3, out, accumulating: false, previous: 0)
        case 4: unpackFixed(input, 4, out, accumulating: false, previous: 0)
        case 5: unpackFixed(input, 5, out, accumulating: false, previous: 0)
        case 6: unpackFixed(input, 6, out, accumulating: false, previous: 0)
        case 7: unpackFixed(input, 7, out, accumulating: false, previous: 0)
        case 8: unpackFixed(input, 8, out, accumulating: false, previous: 0)
        case 9: unpackFixed(input, 9, out, accumulating: false, previous: 0)
        case 10: unpackFixed(input, 10, out, accumulating: false, previous: 0)
        case 11: unpackFixed(input, 11, out, accumulating: false, previous: 0)
        case 12: unpackFixed(input, 12, out, accumulating: false, previous: 0)
        case 13: unpackFixed(input, 13, out, accumulating: false, previous: 0)
        case 14: unpackFixed(input, 14, out, accumulating: false, previous: 0)
        case 15: unpackFixed(input, 15, out, accumulating: false, previous: 0)
        case 16: unpackFixed(input, 16, out, accumulating: false, previous: 0)
        case 17: unpackFixed(input, 17, out, accumulating: false, previous: 0)
        case 18: unpackFixed(input, 18, out, accumulating: false, previous: 0)
        case 19: unpackFixed(input, 19, out, accumulating: false, previous: 0)
        case 20: unpackFixed(input, 20, out, accumulating: false, previous: 0)
        case 21: unpackFixed(input, 21, out, accumulating: false, previous: 0)
        case 22: unpackFixed(input, 22, out, accumulating: false, previous: 0)
        case 23: unpackFixed(input, 23, out, accumulating: false, previous: 0)
        case 24: unpackFixed(input, 24, out, accumulating: false, previous: 0)
        case 25: unpackFixed(input, 25, out, accumulating: false, previous: 0)
        case 26: unpackFixed(input, 26, out, accumulating: false, previous: 0)
        case 27: unpackFixed(input, 27, out, accumulating: false, previous: 0)
        case 28: unpackFixed(input, 28, out, accumulating: false, previous: 0)
        case 29: unpackFixed(input, 29, out, accumulating: false, previous: 0)
        case 30: unpackFixed(input, 30, out, accumulating: false, previous: 0)
        case 31: unpackFixed(input, 31, out, accumulating: false, previous: 0)
        default: unpackFixed(input, 32, out, accumulating: false, previous: 0)
        }
    }

    /// Unpacks 128 document gaps stored as `gap - 1` and turns them into document ids following
    /// `previous` (see ``prefixSumGapsMinusOne(_:count:previous:)``), in one pass.
    static func unpackDocuments(_ input: UnsafeRawPointer, width: Int, previous: UInt32, into out: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 0: unpackFixed(input, 0, out, accumulating: true, previous: previous)
        case 1: unpackFixed(input, 1, out, accumulating: true, previous: previous)
        case 2: unpackFixed(input, 2, out, accumulating: true, previous: previous)
        case 3: unpackFixed(input, 3, out, accumulating: true, previous: previous)
        case 4: unpackFixed(input, 4, out, accumulating: true, previous: previous)
        case 5: unpackFixed(input, 5, out, accumulating: true, previous: previous)
        case 6: unpackFixed(input, 6, out, accumulating: true, previous: previous)
        case 7: unpackFixed(input, 7, out, accumulating: true, previous: previous)
        case 8: unpackFixed(input, 8, out, accumulating: true, previous: previous)
        case 9: unpackFixed(input, 9, out, accumulating: true, previous: previous)
        case 10: unpackFixed(input, 10, out, accumulating: true, previous: previous)
        case 11: unpackFixed(input, 11, out, accumulating: true, previous: previous)
        case 12: unpackFixed(input, 12, out, accumulating: true, previous: previous)
        case 13: unpackFixed(input, 13, out, accumulating: true, previous: previous)
        case 14: unpackFixed(input, 14, out, accumulating: true, previous: previous)
        case 15: unpackFixed(input, 15, out, accumulating: true, previous: previous)
        case 16: unpackFixed(input, 16, out, accumulating: true, previous: previous)
        case 17: unpackFixed(input, 17, out, accumulating: true, previous: previous)
        case 18: unpackFixed(input, 18, out, accumulating: true, previous: previous)
        case 19: unpackFixed(input, 19, out, accumulating: true, previous: previous)
        case 20: unpackFixed(input, 20, out, accumulating: true, previous: previous)
        case 21: unpackFixed(input, 21, out, accumulating: true, previous: previous)
        case 22: unpackFixed(input, 22, out, accumulating: true, previous: previous)
        case 23: unpackFixed(input, 23, out, accumulating: true, previous: previous)
        case 24: unpackFixed(input, 24, out, accumulating: true, previous: previous)
        case 25: unpackFixed(input, 25, out, accumulating: true, previous: previous)
        case 26: unpackFixed(input, 26, out, accumulating: true, previous: previous)
        case 27: unpackFixed(input, 27, out, accumulating: true, previous: previous)
        case 28: unpackFixed(input, 28, out, accumulating: true, previous: previous)
        case 29: unpackFixed(input, 29, out, accumulating: true, previous: previous)
        case 30: unpackFixed(input, 30, out, accumulating: true, previous: previous)
        case 31: unpackFixed(input, 31, out, accumulating: true, previous: previous)
        default: unpackFixed(input, 32, out, accumulating: true, previous: previous)
        }
    }

    /// One value of a block packed at `width` bits, read without unpacking the others.
    @inline(__always)
    static func extract(_ input: UnsafeRawPointer, width: Int, index: Int) -> UInt32 {
        if width == 0 { return 0 }
        let lane = index & 3
        let bit = (index >> 2) * width
        let word = bit >> 5, shift = bit & 31
        var value = UInt64(UInt32(littleEndian: input.loadUnaligned(fromByteOffset: (4 * word + lane) * 4, as: UInt32.self))) >> shift
        if shift + width > 32 {
            value |= UInt64(UInt32(littleEndian: input.loadUnaligned(fromByteOffset: (4 * word + 4 + lane) * 4, as: UInt32.self))) << (32 - shift)
        }
        return UInt32(truncatingIfNeeded: value & ((UInt64(1) << UInt64(width)) &- 1))
    }

    /// The body of `unpack`, inlined once per constant width so shifts and masks become immediates.
    @inline(__always)
    /// With `accumulating`, each value is taken as a gap minus one and replaced by the running id.
    private static func unpackFixed(_ input: UnsafeRawPointer, _ width: Int, _ out: UnsafeMutablePointer<UInt32>,
                                    accumulating: Bool, previous: UInt32) {
        let mask = SIMD4<UInt32>(repeating: width == 32 ? UInt32.max : (UInt32(1) << UInt32(width)) &- 1)
        let outLanes = UnsafeMutableRawPointer(out)
        var carry = SIMD4<UInt32>(repeating: previous)
        let one = SIMD4<UInt32>(repeating: 1)
        if width == 0 {
            for slot in 0..<32 {
                var value = SIMD4<UInt32>(1, 2, 3, 4)
                if accumulating {
                    value &+= carry
                    carry = SIMD4(repeating: value[3])
                } else {
                    value = .zero
                }
                outLanes.storeBytes(of: value, toByteOffset: slot * 16, as: SIMD4<UInt32>.self)
            }
            return
        }
        var current = input.loadUnaligned(as: SIMD4<UInt32>.self)
        var wordIndex = 0
        var shift = 0
        for slot in 0..<32 {
            var v = current &>> SIMD4(repeating: UInt32(shift))
            if shift + width >= 32 {
                wordIndex += 1
                let spill = shift + width - 32
                if wordIndex < width {
                    current = input.loadUnaligned(fromByteOffset: wordIndex * 16, as: SIMD4<UInt32>.self)
                    if spill > 0 {
                        v |= current &<< SIMD4(repeating: UInt32(width - spill))
                    }
                }
                shift = spill
            } else {
                shift += width
            }
            var value = v & mask
            if accumulating {
                // Prefix sum across the four lanes, then add the running id.
                value &+= one
                value = prefixSum(value)
                value &+= carry
                carry = SIMD4(repeating: value[3])
            }
            outLanes.storeBytes(of: value, toByteOffset: slot * 16, as: SIMD4<UInt32>.self)
        }
    }

    /// `(a, b, c, d)` → `(a, a+b, a+b+c, a+b+c+d)`, wrapping.
    @inline(__always)
    static func prefixSum(_ v: SIMD4<UInt32>) -> SIMD4<UInt32> {
        #if _endian(little)
        // Shifting each 64-bit half left by 32 bits moves lane 0 to 1 and lane 2 to 3: (0, a, 0, c).
        let pairs = unsafeBitCast(unsafeBitCast(v, to: SIMD2<UInt64>.self) &<< 32, to: SIMD4<UInt32>.self)
        let halves = v &+ pairs
        return halves &+ (SIMD4(repeating: halves[1]) & SIMD4(0, 0, UInt32.max, UInt32.max))
        #else
        let first = v &+ SIMD4(0, v[0], v[1], v[2])
        return first &+ SIMD4(0, 0, first[0], first[1])
        #endif
    }

    /// Turns gaps into absolute values in place: `out[i] = base + sum(gaps[0...i]) + (i + 1)`.
    /// Document ids are stored as `gap - 1` (ids are strictly increasing), starting after `previous`.
    @inline(__always)
    static func prefixSumGapsMinusOne(_ values: UnsafeMutablePointer<UInt32>, count: Int, previous: UInt32) {
        var acc = previous
        for i in 0..<count {
            acc = acc &+ values[i] &+ 1
            values[i] = acc
        }
    }
}
