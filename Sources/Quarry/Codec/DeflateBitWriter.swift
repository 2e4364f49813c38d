/// Writes a DEFLATE bit stream (least significant bit first) into memory the caller owns, eight
/// bytes at a time: the buffer must have 8 bytes of room past the last byte the stream will take.
struct DeflateBitWriter {
    private let out: UnsafeMutableRawPointer
    private let capacity: Int
    /// Bytes completed so far.
    private(set) var position = 0
    private var pending: UInt64 = 0
    private var pendingCount = 0

    /// A writer into `out`, which must hold every byte written plus 8.
    init(_ out: UnsafeMutableRawBufferPointer) {
        self.out = out.baseAddress!
        capacity = out.count
    }

    /// Adds the low `count` bits of `bits`. At most 57 bits may be pending after the call:
    /// call ``flush()`` at least every 57 bits.
    @inline(__always)
    mutating func put(_ bits: UInt64, count: Int) {
        pending |= bits &<< UInt64(pendingCount)
        pendingCount &+= count
    }

    /// Moves the whole pending bytes to the buffer.
    @inline(__always)
    mutating func flush() {
        precondition(position + 8 <= capacity, "DEFLATE output buffer too small")
        out.storeBytes(of: pending.littleEndian, toByteOffset: position, as: UInt64.self)
        let whole = pendingCount >> 3
        position &+= whole
        pending = whole == 8 ? 0 : pending &>> UInt64(whole << 3)
        pendingCount &= 7
    }

    /// Flushes, then pads the last partial byte with zero bits; returns the bytes written.
    mutating func finishByte() -> Int {
        flush()
        if pendingCount > 0 {
            put(0, count: 8 - pendingCount)
            flush()
        }
        return position
    }

    /// Copies `bytes` at a byte boundary (call ``finishByte()`` first).
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        precondition(pendingCount == 0 && position + bytes.count + 8 <= capacity, "DEFLATE output buffer too small")
        if let base = bytes.baseAddress, bytes.count > 0 {
            (out + position).copyMemory(from: base, byteCount: bytes.count)
        }
        position += bytes.count
    }
}
