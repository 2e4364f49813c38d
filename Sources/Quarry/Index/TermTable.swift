/// An open-addressing hash table from term bytes to dense term ids, for the in-memory segment buffer.
///
/// Keys live back to back in one byte arena; the table stores `termID + 1` (0 = empty slot).
/// Looking up or inserting a term allocates nothing unless the arena or table grows.
struct TermTable {
    private(set) var arena: [UInt8] = []
    private(set) var keyStart: [UInt32] = []
    private(set) var keyLength: [UInt16] = []
    private var hashes: [UInt32] = []
    private var slots: [UInt32]
    private var mask: Int

    init(initialCapacity: Int = 1 << 16) {
        var capacity = 16
        while capacity < initialCapacity * 2 { capacity <<= 1 }
        slots = [UInt32](repeating: 0, count: capacity)
        mask = capacity - 1
        arena.reserveCapacity(initialCapacity * 8)
    }

    var count: Int { keyStart.count }

    /// Bytes of memory held, roughly.
    var memoryBytes: Int { arena.capacity + keyStart.capacity * 4 + keyLength.capacity * 2 + hashes.capacity * 4 + slots.count * 4 }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        // Eight bytes at a time: mix each word with a multiply and a rotate, then the tail bytes.
        guard let base = key.baseAddress else { return 0 }
        let count = key.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var i = 0
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h = (h << 29) | (h >> 35)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }

    /// The id of `key`, inserting it with the next id when new.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        let h = Self.hash(key)
        var slot = Int(h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if hashes[id] == h && equals(id, key) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = keyStart.count
        keyStart.append(UInt32(arena.count))
        keyLength.append(UInt16(key.count))
        hashes.append(h)
        arena.append(contentsOf: key)
        slots[slot] = UInt32(id + 1)
        if keyStart.count * 2 > slots.count { grow() }
        return (id, true)
    }

    @inline(__always)
    private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = Int(keyLength[id])
        if length != key.count { return false }
        let start = Int(keyStart[id])
        return arena.withUnsafeBufferPointer { a in
            memcmpEqual(a.baseAddress! + start, key.baseAddress!, length)
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [UInt32](repeating: 0, count: capacity)
        mask = capacity - 1
        for id in 0..<keyStart.count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(id + 1)
        }
    }

    /// Calls `body` with the bytes of term `id`.
    func withKey<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = Int(keyStart[id])
        let length = Int(keyLength[id])
        return try arena.withUnsafeBufferPointer { a in
            try body(UnsafeBufferPointer(rebasing: a[start..<start + length]))
        }
    }

    /// Term ids ordered by their key bytes (unsigned byte-wise comparison).
    func sortedIDs() -> [Int] {
        arena.withUnsafeBufferPointer { a in
            let base = a.baseAddress ?? UnsafePointer(bitPattern: 1)!
            return (0..<keyStart.count).sorted { x, y in
                compareBytes(base + Int(keyStart[x]), Int(keyLength[x]), base + Int(keyStart[y]), Int(keyLength[y])) < 0
            }
        }
    }
}

@inline(__always)
func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// Byte-wise comparison of two byte strings: negative, zero or positive.
@inline(__always)
func compareBytes(_ a: UnsafePointer<UInt8>, _ aCount: Int, _ b: UnsafePointer<UInt8>, _ bCount: Int) -> Int {
    let n = min(aCount, bCount)
    var i = 0
    while i < n {
        if a[i] != b[i] { return Int(a[i]) - Int(b[i]) }
        i += 1
    }
    return aCount - bCount
}
