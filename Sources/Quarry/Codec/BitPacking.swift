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
        case 1: unpackFixed(input, 1, out)
        case 2: unpackFixed(input, 2, out)
        case 3: unpackFixed(input, 3, out)
        case 4: unpackFixed(input, 4, out)
        case 5: unpackFixed(input, 5, out)
        case 6: unpackFixed(input, 6, out)
        case 7: unpackFixed(input, 7, out)
        case 8: unpackFixed(input, 8, out)
        case 9: unpackFixed(input, 9, out)
        case 10: unpackFixed(input, 10, out)
        case 11: unpackFixed(input, 11, out)
        case 12: unpackFixed(input, 12, out)
        case 13: unpackFixed(input, 13, out)
        case 14: unpackFixed(input, 14, out)
        case 15: unpackFixed(input, 15, out)
        case 16: unpackFixed(input, 16, out)
        case 17: unpackFixed(input, 17, out)
        case 18: unpackFixed(input, 18, out)
        case 19: unpackFixed(input, 19, out)
        case 20: unpackFixed(input, 20, out)
        case 21: unpackFixed(input, 21, out)
        case 22: unpackFixed(input, 22, out)
        case 23: unpackFixed(input, 23, out)
        case 24: unpackFixed(input, 24, out)
        case 25: unpackFixed(input, 25, out)
        case 26: unpackFixed(input, 26, out)
        case 27: unpackFixed(input, 27, out)
        case 28: unpackFixed(input, 28, out)
        case 29: unpackFixed(input, 29, out)
        case 30: unpackFixed(input, 30, out)
        case 31: unpackFixed(input, 31, out)
        default: unpackFixed(input, 32, out)
        }
    }

    /// The body of `unpack`, inlined once per constant width so shifts and masks become immediates.
    @inline(__always)
    private static func unpackFixed(_ input: UnsafeRawPointer, _ width: Int, _ out: UnsafeMutablePointer<UInt32>) {
        let mask = SIMD4<UInt32>(repeating: width == 32 ? UInt32.max : (UInt32(1) << UInt32(width)) &- 1)
        let outLanes = UnsafeMutableRawPointer(out)
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
            outLanes.storeBytes(of: v & mask, toByteOffset: slot * 16, as: SIMD4<UInt32>.self)
        }
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
