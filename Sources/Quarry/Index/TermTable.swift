import CQuarrySupport

/// An open-addressing hash table from term bytes to dense term ids, for the in-memory segment buffer.
///
/// Keys live back to back in one byte arena. A slot holds the key's 32-bit hash in its high half
/// and `termID + 1` in its low half (0 = empty), so a probe compares hashes without touching the
/// key's entry; a key's entry packs its arena offset and length into one word, so a matching hash
/// costs one more memory access before the bytes are compared. Looking up or inserting a term
/// allocates nothing unless the arena or table grows.
struct TermTable {
    private(set) var arena: [UInt8] = []
    /// Per term: arena offset << 24 | length.
    private var entries: [UInt64] = []
    private var slots: [UInt64]
    private var mask: Int

    /// Longest key a term can have (a 24-bit length).
    static let maxKeyBytes = (1 << 24) - 1

    init(initialCapacity: Int = 1 << 16) {
        var capacity = 16
        while capacity < initialCapacity * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        arena.reserveCapacity(initialCapacity * 8)
    }

    var count: Int { entries.count }

    /// Bytes of memory held, roughly.
    var memoryBytes: Int { arena.capacity + entries.capacity * 8 + slots.count * 8 }

    /// A key's hash: its whole 8-byte words mixed in turn with a multiply and a rotate, then its
    /// last partial word (the tail bytes, little-endian) and a final mix.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let base = key.baseAddress else { return 0 }
        let (h, i) = mixWords(base, key.count)
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        for k in i..<key.count {
            tail |= UInt64(base[k]) << shift
            shift += 8
        }
        return finish(h, tail: tail)
    }

    /// `hash(_:)` of a key that is followed by at least 7 readable bytes: its last partial word is
    /// read with one load and masked, rather than byte by byte. Same value as `hash(_:)`.
    @inline(__always)
    static func hash(keyFollowedBy7Readable key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let base = key.baseAddress else { return 0 }
        let (h, i) = mixWords(base, key.count)
        let rest = key.count - i
        var tail: UInt64 = 0
        if rest > 0 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            tail = word & (UInt64.max >> UInt64(64 - 8 * rest))
        }
        return finish(h, tail: tail)
    }

    /// The hash state after the whole words of a key of `count` bytes, and where its tail starts.
    @inline(__always)
    private static func mixWords(_ base: UnsafePointer<UInt8>, _ count: Int) -> (UInt64, Int) {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var i = 0
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h = (h << 29) | (h >> 35)
            i += 8
        }
        return (h, i)
    }

    @inline(__always)
    private static func finish(_ state: UInt64, tail: UInt64) -> UInt32 {
        var h = (state ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }

    /// The id of `key`, inserting it with the next id when new.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        intern(key, hash: Self.hash(key))
    }

    /// Prepares lookups of the keys whose `count` hashes are at `hashes`, so that they find what they
    /// read in the cache: the table is larger than the cache, and lookups of rare terms would
    /// otherwise wait on memory one after another. Three rounds of prefetches, each waiting on the
    /// previous one's loads all at once: every key's first slot; the entry of the term in that slot
    /// if its hash matches; that term's bytes.
    @inline(__always)
    func prefetchLookups(hashes: UnsafePointer<UInt32>, count: Int) {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    let slotBase = slots.baseAddress!
                    for k in 0..<count { quarry_prefetch(slotBase + (Int(hashes[k]) & mask)) }
                    guard let entryBase = entries.baseAddress, let arenaBase = arena.baseAddress else { return }
                    for k in 0..<count {
                        if let id = candidate(slotBase, hashes[k]) { quarry_prefetch(entryBase + id) }
                    }
                    for k in 0..<count {
                        if let id = candidate(slotBase, hashes[k]) { quarry_prefetch(arenaBase + Int(entryBase[id] >> 24)) }
                    }
                }
            }
        }
    }

    /// The term in the first slot for hash `h`, if its hash is `h`.
    @inline(__always)
    private func candidate(_ slots: UnsafePointer<UInt64>, _ h: UInt32) -> Int? {
        let value = slots[Int(h) & mask]
        guard value != 0 && UInt32(truncatingIfNeeded: value >> 32) == h else { return nil }
        return Int(UInt32(truncatingIfNeeded: value)) &- 1
    }

    /// `intern(_:)` with the key's hash already computed: `h` must be `TermTable.hash(key)`.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> (id: Int, isNew: Bool) {
        precondition(key.count <= Self.maxKeyBytes, "term key too long")
        var slot = Int(h) & mask
        while true {
            let slotValue = slots[slot]
            if slotValue == 0 { break }
            if UInt32(truncatingIfNeeded: slotValue >> 32) == h {
                let id = Int(UInt32(truncatingIfNeeded: slotValue)) - 1
                if equals(id, key) { return (id, false) }
            }
            slot = (slot + 1) & mask
        }
        let id = entries.count
        entries.append(UInt64(arena.count) << 24 | UInt64(key.count))
        arena.append(contentsOf: key)
        slots[slot] = UInt64(h) << 32 | UInt64(id + 1)
        if entries.count * 2 > slots.count { grow() }
        return (id, true)
    }

    @inline(__always)
    private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[id]
        let length = Int(entry & 0xFF_FFFF)
        if length != key.count { return false }
        let start = Int(entry >> 24)
        return arena.withUnsafeBufferPointer { a in
            memcmpEqual(a.baseAddress! + start, key.baseAddress!, length)
        }
    }

    private mutating func grow() {
        let old = slots
        let capacity = slots.count * 2
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for value in old where value != 0 {
            var slot = Int(UInt32(truncatingIfNeeded: value >> 32)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = value
        }
    }

    @inline(__always)
    private func range(of id: Int) -> (start: Int, length: Int) {
        let entry = entries[id]
        return (Int(entry >> 24), Int(entry & 0xFF_FFFF))
    }

    /// Calls `body` with the bytes of term `id`.
    func withKey<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let (start, length) = range(of: id)
        return try arena.withUnsafeBufferPointer { a in
            try body(UnsafeBufferPointer(rebasing: a[start..<start + length]))
        }
    }

    /// Term ids ordered by their key bytes (unsigned byte-wise comparison).
    func sortedIDs() -> [Int] {
        arena.withUnsafeBufferPointer { a in
            let base = a.baseAddress ?? UnsafePointer(bitPattern: 1)!
            return entries.withUnsafeBufferPointer { e in
                (0..<e.count).sorted { x, y in
                    let ex = e[x], ey = e[y]
                    return compareBytes(base + Int(ex >> 24), Int(ex & 0xFF_FFFF), base + Int(ey >> 24), Int(ey & 0xFF_FFFF)) < 0
                }
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
