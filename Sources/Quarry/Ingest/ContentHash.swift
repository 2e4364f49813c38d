/// A fast 64-bit hash of a file's bytes, fed in pieces of any size: the source catalog's way of
/// telling whether a file whose size or time changed still has the same contents.
///
/// Four independent 64-bit lanes each take one 8-byte word of every 32-byte stripe (multiply,
/// rotate, multiply, so the processor overlaps the lanes); the lanes, the tail bytes and the total
/// length are folded together at the end. The result depends only on the bytes, never on how they
/// were split between `update` calls. Not a cryptographic hash: it detects edits, not forgeries.
struct ContentHash {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9

    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (prime1, prime2, prime3, prime1 ^ prime2)
    /// Bytes waiting to complete a stripe (fewer than 32).
    private var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var pendingCount = 0
    private var totalCount: UInt64 = 0

    @inline(__always)
    private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        var x = lane &+ word &* prime2
        x = (x << 31) | (x >> 33)
        return x &* prime1
    }

    @inline(__always)
    private mutating func stripe(_ p: UnsafeRawPointer) {
        lanes.0 = Self.round(lanes.0, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
        lanes.1 = Self.round(lanes.1, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        lanes.2 = Self.round(lanes.2, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        lanes.3 = Self.round(lanes.3, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    /// Feeds the next bytes.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        totalCount &+= UInt64(remaining)
        if pendingCount > 0 {
            let take = min(32 - pendingCount, remaining)
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.advanced(by: pendingCount).copyMemory(from: p, byteCount: take) }
            pendingCount += take
            p += take
            remaining -= take
            guard pendingCount == 32 else { return }
            var full = pending
            withUnsafeBytes(of: &full) { stripe($0.baseAddress!) }
            pendingCount = 0
        }
        while remaining >= 32 {
            stripe(p)
            p += 32
            remaining -= 32
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: p, byteCount: remaining) }
            pendingCount = remaining
        }
    }

    /// The hash of every byte fed so far.
    func finalize() -> UInt64 {
        var h = ((lanes.0 << 1) | (lanes.0 >> 63)) &+ ((lanes.1 << 7) | (lanes.1 >> 57))
            &+ ((lanes.2 << 12) | (lanes.2 >> 52)) &+ ((lanes.3 << 18) | (lanes.3 >> 46))
        h ^= totalCount &* Self.prime3
        var tail = pending
        let count = pendingCount
        withUnsafeBytes(of: &tail) { raw in
            var i = 0
            while i < count {
                h = Self.round(h, UInt64(raw[i]) &+ UInt64(i) << 8)
                i += 1
            }
        }
        h ^= h >> 33
        h = h &* Self.prime2
        h ^= h >> 29
        h = h &* Self.prime3
        h ^= h >> 32
        return h
    }

    /// The hash of `bytes` in one piece.
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hasher = ContentHash()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
