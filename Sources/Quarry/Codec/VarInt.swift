/// VByte (LEB128) decoding on raw pointers, for the postings tail blocks and positions.
///
/// These helpers trust the caller to bound the region: each returns the new offset and never reads
/// at or beyond `end`; a value that runs past `end` decodes as whatever was read so far, and the
/// caller's block-level validation turns that into a corruption error.
enum VarInt {
    @inline(__always)
    static func decode(_ base: UnsafePointer<UInt8>, _ offset: inout Int, end: Int) -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while offset < end {
            let b = base[offset]
            offset += 1
            result |= UInt32(b & 0x7F) &<< shift
            if b < 0x80 { return result }
            shift &+= 7
            if shift > 28 {
                // Fifth byte: whatever follows is corrupt; stop at it.
                if offset < end {
                    let last = base[offset]
                    offset += 1
                    result |= UInt32(last & 0x0F) &<< 28
                }
                return result
            }
        }
        return result
    }

    /// Decodes `count` VByte values into `out`; returns false if the region ended first.
    @inline(__always)
    static func decode(_ base: UnsafePointer<UInt8>, _ offset: inout Int, end: Int, count: Int, into out: UnsafeMutablePointer<UInt32>) -> Bool {
        for i in 0..<count {
            if offset >= end { return false }
            out[i] = decode(base, &offset, end: end)
        }
        return true
    }

    /// The offset just past `count` VByte values starting at `offset`, never beyond `end`.
    /// Counts terminator bytes (high bit clear) eight at a time; in the word holding the last one,
    /// finds it by clearing the terminator bits before it, without a branch per byte.
    @inline(__always)
    static func skip(_ base: UnsafePointer<UInt8>, from offset: Int, end: Int, count: Int) -> Int {
        var at = offset
        var remaining = count
        while remaining > 0 && at + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self))
            var terminators = ~word & 0x8080_8080_8080_8080
            let found = terminators.nonzeroBitCount
            if found < remaining {
                remaining -= found
                at += 8
                continue
            }
            for _ in 1..<remaining { terminators &= terminators &- 1 }
            return at + terminators.trailingZeroBitCount / 8 + 1
        }
        while remaining > 0 && at < end {
            if base[at] < 0x80 { remaining -= 1 }
            at += 1
        }
        return at
    }

    /// The offset just past `count` VByte values starting at `offset`, or nil if the region ends
    /// before `count` values do.
    @inline(__always)
    static func skipExactly(_ base: UnsafePointer<UInt8>, from offset: Int, end: Int, count: Int) -> Int? {
        guard count > 0 else { return offset }
        guard offset < end, count <= end - offset else { return nil }
        let at = skip(base, from: offset, end: end, count: count)
        // `skip` stops at `end` when it runs out; the last value read must have ended there too,
        // and the values in [offset, at) must number exactly `count`.
        guard base[at - 1] < 0x80 else { return nil }
        if at == end {
            var terminators = 0
            for i in offset..<at where base[i] < 0x80 { terminators += 1 }
            return terminators == count ? at : nil
        }
        return at
    }
}
