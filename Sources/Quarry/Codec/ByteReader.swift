/// A bounds-checked little-endian reader over a borrowed byte region (usually a memory-mapped file).
///
/// Every read checks the remaining length and throws ``QuarryError/corruptIndex(_:)`` past the end,
/// so reading past the end of a truncated or damaged region is an error. Hot postings decoding does not
/// use this type; it validates whole blocks instead (see ``PostingsCursor``).
struct ByteReader {
    let base: UnsafeRawPointer
    let end: Int
    var offset: Int
    let context: String

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0, context: String) {
        self.base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        self.end = buffer.count
        self.offset = offset
        self.context = context
    }

    init(base: UnsafeRawPointer, count: Int, offset: Int = 0, context: String) {
        self.base = base
        self.end = count
        self.offset = offset
        self.context = context
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    @inline(__always)
    private func need(_ n: Int) throws {
        if n < 0 || offset > end - n { throw QuarryError.corruptIndex("\(context): unexpected end of data at byte \(offset)") }
    }

    mutating func u8() throws -> UInt8 {
        try need(1)
        let v = base.load(fromByteOffset: offset, as: UInt8.self)
        offset += 1
        return v
    }

    mutating func u16() throws -> UInt16 {
        try need(2)
        let v = base.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        offset += 2
        return UInt16(littleEndian: v)
    }

    mutating func u32() throws -> UInt32 {
        try need(4)
        let v = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        offset += 4
        return UInt32(littleEndian: v)
    }

    mutating func u64() throws -> UInt64 {
        try need(8)
        let v = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return UInt64(littleEndian: v)
    }

    /// A u64 that must be a valid offset or count: at most `limit` (default `Int32.max` squared is never
    /// needed; files are mapped, so offsets never exceed the file size the caller passes).
    mutating func u64(limit: Int) throws -> Int {
        let v = try u64()
        if v > UInt64(max(0, limit)) { throw QuarryError.corruptIndex("\(context): value \(v) out of range at byte \(offset - 8)") }
        return Int(v)
    }

    mutating func f32() throws -> Float {
        Float(bitPattern: try u32())
    }

    @inline(__always)
    mutating func vbyte() throws -> UInt64 {
        // Fast path: a VByte is at most 10 bytes; with that many left, no per-byte bounds check.
        if end - offset >= 10 {
            let p = (base + offset).assumingMemoryBound(to: UInt8.self)
            var result: UInt64 = 0
            var shift: UInt64 = 0
            for i in 0..<10 {
                let b = p[i]
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 {
                    offset += i + 1
                    return result
                }
                shift += 7
            }
            throw QuarryError.corruptIndex("\(context): variable-length integer too long at byte \(offset)")
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            try need(1)
            let b = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            if shift >= 63 && b > 1 { throw QuarryError.corruptIndex("\(context): variable-length integer too long at byte \(offset)") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    /// Moves past `count` VByte values without decoding them (eight bytes at a time); throws if the
    /// region ends first.
    @inline(__always)
    mutating func skipVBytes(_ count: Int) throws {
        if count <= 4 {
            // A few values: a plain byte loop beats setting up word-at-a-time counting.
            let p = base.assumingMemoryBound(to: UInt8.self)
            var at = offset, remaining = count
            while remaining > 0 {
                guard at < end else { throw QuarryError.corruptIndex("\(context): values run past the end at byte \(offset)") }
                if p[at] < 0x80 { remaining -= 1 }
                at += 1
            }
            offset = at
            return
        }
        guard let after = VarInt.skipExactly(base.assumingMemoryBound(to: UInt8.self), from: offset, end: end, count: count) else {
            throw QuarryError.corruptIndex("\(context): values run past the end at byte \(offset)")
        }
        offset = after
    }

    /// A VByte that must fit in `Int` and be at most `limit`.
    @inline(__always)
    mutating func vint(limit: Int = Int(Int32.max)) throws -> Int {
        let v = try vbyte()
        if v > UInt64(limit) { throw QuarryError.corruptIndex("\(context): value \(v) out of range at byte \(offset)") }
        return Int(v)
    }

    @inline(__always)
    mutating func bytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        try need(count)
        let r = UnsafeRawBufferPointer(start: base + offset, count: count)
        offset += count
        return r
    }

    @inline(__always)
    mutating func lengthPrefixedBytes() throws -> UnsafeRawBufferPointer {
        let n = try vint(limit: remaining)
        return try bytes(n)
    }

    mutating func string() throws -> String {
        let raw = try lengthPrefixedBytes()
        return String(decoding: raw, as: UTF8.self)
    }
}
