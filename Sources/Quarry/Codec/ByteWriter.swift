/// A growable little-endian byte buffer used by every file writer.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func f32(_ value: Float) {
        u32(value.bitPattern)
    }

    /// LEB128-style variable-length integer: 7 bits a byte, high bit set on every byte but the last.
    mutating func vbyte(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func vbyte(_ value: UInt32) { vbyte(UInt64(value)) }
    mutating func vbyte(_ value: Int) { vbyte(UInt64(value)) }

    mutating func append<C: Collection>(_ data: C) where C.Element == UInt8 {
        bytes.append(contentsOf: data)
    }

    mutating func append(_ data: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: data)
    }

    /// A byte string preceded by its VByte length.
    mutating func lengthPrefixed<C: Collection>(_ data: C) where C.Element == UInt8 {
        vbyte(data.count)
        bytes.append(contentsOf: data)
    }

    /// Overwrites four bytes at `offset` (for back-patched lengths).
    mutating func patchU32(_ value: UInt32, at offset: Int) {
        var v = value.littleEndian
        for i in 0..<4 {
            bytes[offset + i] = UInt8(truncatingIfNeeded: v)
            v >>= 8
        }
    }

    /// Appends `count` zero bytes and returns a pointer-free way to fill them later.
    mutating func reserveZeros(_ count: Int) -> Int {
        let at = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count))
        return at
    }

    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeMutableBytes(body)
    }
}
