/// Looks terms up in a memory-mapped term dictionary.
///
/// At open, the block index (each block's first key and offset) is copied into one small arena;
/// a lookup binary-searches it, then decodes entries of one block until the key is found or passed.
final class TermDictionaryReader: @unchecked Sendable {
    // Immutable after init.
    private let file: MappedFile
    private let name: String
    private let body: UnsafeRawBufferPointer
    private let blocksEnd: Int
    // `let`, built in locals: a class's `var` arrays would cost a dynamic exclusivity check per access.
    private let firstKeys: [UInt8]
    private let firstKeyStart: [Int]
    private let blockOffsets: [Int]
    /// Each block's first key's first 8 bytes, big-endian and zero-padded: the binary search compares
    /// these (one array, 8 bytes a block) and reads a whole key only when they are equal.
    private let firstKeyPrefixes: [UInt64]
    let termCount: Int

    init(file: MappedFile, name: String) throws {
        self.file = file
        self.name = name
        body = try FileFormat.validate(file.bytes, kind: .terms, name: name, verifyChecksum: false)
        let trailerStart = body.count - 20
        if trailerStart < 0 { throw QuarryError.corruptIndex("\(name): dictionary too short") }
        var t = ByteReader(body, offset: trailerStart, context: name)
        let indexOffset = try t.u64(limit: file.bytes.count) - FileFormat.headerSize
        let blockCount = Int(try t.u32())
        termCount = try t.u64(limit: file.bytes.count)
        if indexOffset < 0 || indexOffset > trailerStart || blockCount > (trailerStart - indexOffset) / 9 {
            throw QuarryError.corruptIndex("\(name): block index out of place")
        }
        blocksEnd = indexOffset
        var r = ByteReader(body, offset: indexOffset, context: name)
        var firstKeys: [UInt8] = []
        var firstKeyStart: [Int] = []
        var blockOffsets: [Int] = []
        firstKeyStart.reserveCapacity(blockCount + 1)
        blockOffsets.reserveCapacity(blockCount)
        // The keys are part of the block index's bytes, so this bounds them.
        firstKeys.reserveCapacity(trailerStart - indexOffset)
        for _ in 0..<blockCount {
            let key = try r.lengthPrefixedBytes()
            firstKeyStart.append(firstKeys.count)
            if let start = key.baseAddress {
                // As a typed buffer, so the bytes are copied at once rather than one by one.
                firstKeys.append(contentsOf: UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: key.count))
            }
            let offset = try r.u64(limit: file.bytes.count) - FileFormat.headerSize
            if offset < 0 || offset >= blocksEnd { throw QuarryError.corruptIndex("\(name): block offset out of range") }
            blockOffsets.append(offset)
        }
        firstKeyStart.append(firstKeys.count)
        if r.offset != trailerStart { throw QuarryError.corruptIndex("\(name): block index length mismatch") }
        self.firstKeys = firstKeys
        self.firstKeyStart = firstKeyStart
        self.blockOffsets = blockOffsets
        firstKeyPrefixes = firstKeys.withUnsafeBufferPointer { keys in
            (0..<blockOffsets.count).map { block in
                Self.prefix(UnsafeBufferPointer(rebasing: keys[firstKeyStart[block]..<firstKeyStart[block + 1]]))
            }
        }
    }

    /// A key's first 8 bytes as a big-endian integer, zero-padded: where two keys' prefixes differ,
    /// they order as the keys do (a zero pad is below any byte a longer key has there, or ties it).
    @inline(__always)
    private static func prefix(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(i < key.count ? key[i] : 0) }
        return value
    }

    var blockCount: Int { blockOffsets.count }

    private func compareFirstKey(_ block: Int, _ key: UnsafeBufferPointer<UInt8>) -> Int {
        firstKeys.withUnsafeBufferPointer { keys in
            let start = firstKeyStart[block]
            return compareBytes((keys.baseAddress ?? UnsafePointer(bitPattern: 1)!) + start, firstKeyStart[block + 1] - start,
                                key.baseAddress ?? UnsafePointer(bitPattern: 1)!, key.count)
        }
    }

    /// `compareFirstKey` through the prefix array: the whole first key is read only when the first
    /// 8 bytes tie. `keyPrefix` is `prefix(key)`, computed once per search.
    private func compareFirstKey(_ block: Int, _ key: UnsafeBufferPointer<UInt8>, keyPrefix: UInt64) -> Int {
        let first = firstKeyPrefixes[block]
        if first != keyPrefix { return first < keyPrefix ? -1 : 1 }
        return compareFirstKey(block, key)
    }

    /// The entry for `key` (field byte + term bytes), or nil when the segment lacks the term.
    func lookup(_ key: UnsafeBufferPointer<UInt8>) throws -> TermInfo? {
        // Last block whose first key <= key.
        var lo = 0, hi = blockOffsets.count - 1
        if hi < 0 || compareFirstKey(0, key) > 0 { return nil }
        let keyPrefix = Self.prefix(key)
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if compareFirstKey(mid, key, keyPrefix: keyPrefix) <= 0 { lo = mid } else { hi = mid - 1 }
        }
        return try find(key, inBlock: lo)
    }

    /// Finds `want` in block `block` without materializing the keys it passes: front coding says how
    /// many leading bytes each key shares with the previous one, and with the previous key's common
    /// prefix with `want` that decides most comparisons without looking at the key at all.
    private func find(_ want: UnsafeBufferPointer<UInt8>, inBlock block: Int) throws -> TermInfo? {
        let end = block + 1 < blockOffsets.count ? blockOffsets[block + 1] : blocksEnd
        var r = ByteReader(base: body.baseAddress!, count: end, offset: blockOffsets[block], context: name)
        // Bytes the previous key shares with `want`, and the previous key's length.
        var matched = 0
        var previousLength = 0
        var postings = 0, positions = 0
        while !r.isAtEnd {
            let prefix = try r.vint(limit: previousLength)
            let suffix = try r.lengthPrefixedBytes()
            previousLength = prefix + suffix.count
            let order: Int
            if prefix > matched {
                // Equal to the previous key past where that one left `want`, which it was below.
                order = -1
            } else if prefix < matched {
                // Its first new byte is above the previous key's, which equals `want`'s there.
                order = 1
            } else {
                var i = 0
                while i < suffix.count && matched + i < want.count && suffix[i] == want[matched + i] { i += 1 }
                let common = matched + i
                if i == suffix.count {
                    order = common == want.count ? 0 : -1
                } else {
                    order = common == want.count || suffix[i] > want[common] ? 1 : -1
                }
                matched = common
            }
            if order > 0 { return nil }
            if order < 0 {
                // A key below `want`: only its offsets (deltas) matter; frequencies and impacts are skipped.
                try r.skipVBytes(2)
                postings = try add(postings, try r.vint(limit: Int.max))
                positions = try add(positions, try r.vint(limit: Int.max))
                try r.skipVBytes(2 * (try r.vint(limit: 64)))
                continue
            }
            let docFreq = try r.vint()
            let totalFreq = UInt64(docFreq) &+ (try r.vbyte())
            postings = try add(postings, try r.vint(limit: Int.max))
            positions = try add(positions, try r.vint(limit: Int.max))
            let impactCount = try r.vint(limit: 64)
            return TermInfo(docFreq: docFreq, totalFreq: totalFreq, postingsOffset: postings, positionsOffset: positions,
                            impacts: try Self.readImpacts(&r, count: impactCount))
        }
        return nil
    }

    func lookup(_ key: [UInt8]) throws -> TermInfo? {
        try key.withUnsafeBufferPointer { try lookup($0) }
    }

    /// Decodes block `block`'s entries in order; `visit` gets every entry and returns whether to continue.
    private func scanBlock(_ block: Int, _ visit: (UnsafeBufferPointer<UInt8>, TermInfo) throws -> Bool) throws {
        let end = block + 1 < blockOffsets.count ? blockOffsets[block + 1] : blocksEnd
        var r = ByteReader(base: body.baseAddress!, count: end, offset: blockOffsets[block], context: name)
        var key: [UInt8] = []
        key.reserveCapacity(64)
        var postings = 0, positions = 0
        var first = true
        while !r.isAtEnd {
            let prefix = try r.vint(limit: key.count)
            let suffix = try r.lengthPrefixedBytes()
            // Keys are a field byte and a non-empty term, in strictly ascending order: a key that
            // only extends the previous one must add bytes, any other must differ at `prefix`.
            let previousByte = prefix < key.count ? key[prefix] : nil
            key.removeSubrange(prefix...)
            key.append(contentsOf: suffix)
            if key.count < 2 || (!first && (suffix.isEmpty || (previousByte.map { suffix[0] <= $0 } ?? false))) {
                throw QuarryError.corruptIndex("\(name): term keys out of order in block \(block)")
            }
            let docFreq = try r.vint()
            let totalFreq = UInt64(docFreq) &+ (try r.vbyte())
            let postingsDelta = try r.vint(limit: Int.max)
            let positionsDelta = try r.vint(limit: Int.max)
            postings = first ? postingsDelta : try add(postings, postingsDelta)
            positions = first ? positionsDelta : try add(positions, positionsDelta)
            first = false
            let impactCount = try r.vint(limit: 64)
            let info = TermInfo(docFreq: docFreq, totalFreq: totalFreq, postingsOffset: postings, positionsOffset: positions,
                                impacts: try Self.readImpacts(&r, count: impactCount))
            let goOn = try key.withUnsafeBufferPointer { try visit($0, info) }
            if !goOn { return }
        }
    }

    /// `a + b` for offsets read from the file; an overflow is damage, not a trap.
    @inline(__always)
    private func add(_ a: Int, _ b: Int) throws -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw QuarryError.corruptIndex("\(name): term offsets overflow") }
        return sum
    }

    /// An entry's impact frontier: `count` (freq, length) pairs.
    private static func readImpacts(_ r: inout ByteReader, count: Int) throws -> [Impacts.Pair] {
        var impacts: [Impacts.Pair] = []
        impacts.reserveCapacity(count)
        for _ in 0..<count {
            let freq = UInt32(try r.vint(limit: Int(UInt32.max)))
            let length = UInt32(try r.vint(limit: Int(UInt32.max)))
            impacts.append(Impacts.Pair(freq: freq, length: length))
        }
        return impacts
    }

    /// Visits, in ascending order, every (key, info) whose key starts with `prefix`.
    func forEach(startingWith prefix: [UInt8], _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws -> Void) throws {
        guard !blockOffsets.isEmpty else { return }
        // The last block whose first key is below the prefix may hold its first keys.
        var lo = 0, hi = blockOffsets.count - 1
        prefix.withUnsafeBufferPointer { want in
            let keyPrefix = Self.prefix(want)
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if compareFirstKey(mid, want, keyPrefix: keyPrefix) < 0 { lo = mid } else { hi = mid - 1 }
            }
        }
        var done = false
        for block in lo..<blockOffsets.count where !done {
            try scanBlock(block) { key, info in
                if key.count >= prefix.count && prefix.indices.allSatisfy({ key[$0] == prefix[$0] }) {
                    try body(key, info)
                    return true
                }
                // Past the prefix's range once a key compares above it.
                if compareBytes(key.baseAddress ?? UnsafePointer(bitPattern: 1)!, min(key.count, prefix.count),
                                prefix, prefix.count) > 0 {
                    done = true
                    return false
                }
                return true
            }
        }
    }

    /// Visits every (key, info) in ascending key order.
    /// Also checks what lookups rely on: each block starts with its first key in the block index,
    /// and blocks are in ascending key order.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws -> Void) throws {
        var lastKey: [UInt8] = []
        for block in 0..<blockOffsets.count {
            try scanCheckedBlock(block, after: &lastKey, body)
        }
    }

    /// Visits block `block`'s entries in order, after checking that it starts with its indexed key
    /// and above `lastKey` (the previous block's last key, updated here); an empty block is damage.
    func scanCheckedBlock(_ block: Int, after lastKey: inout [UInt8],
                          _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws -> Void) throws {
        var first = true
        var last = lastKey
        try scanBlock(block) { key, info in
            if first {
                first = false
                let indexed = firstKeys[firstKeyStart[block]..<firstKeyStart[block + 1]]
                let ascending = last.withUnsafeBufferPointer {
                    compareBytes($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count, key.baseAddress!, key.count) < 0
                }
                if !indexed.elementsEqual(key) || !ascending {
                    throw QuarryError.corruptIndex("\(name): block \(block) does not start with its indexed key")
                }
            }
            last.removeAll(keepingCapacity: true)
            last.append(contentsOf: key)
            try body(key, info)
            return true
        }
        if first { throw QuarryError.corruptIndex("\(name): block \(block) is empty") }
        lastKey = last
    }
}

/// A dictionary's entries in ascending key order, decoded one block at a time: a merge walks
/// every segment's dictionary side by side while holding one block of each in memory.
struct TermDictionaryEntries {
    private let dictionary: TermDictionaryReader
    private var nextBlock = 0
    private var entries: [(key: [UInt8], info: TermInfo)] = []
    private var index = 0
    private var lastKey: [UInt8] = []

    init(_ dictionary: TermDictionaryReader) throws {
        self.dictionary = dictionary
        try loadNextBlock()
    }

    /// The current entry, nil past the last.
    var current: (key: [UInt8], info: TermInfo)? { index < entries.count ? entries[index] : nil }

    /// Moves to the next entry (decoding the next block when this one is done).
    mutating func advance() throws {
        index += 1
        if index >= entries.count { try loadNextBlock() }
    }

    private mutating func loadNextBlock() throws {
        entries.removeAll(keepingCapacity: true)
        index = 0
        guard nextBlock < dictionary.blockCount else { return }
        var loaded: [(key: [UInt8], info: TermInfo)] = []
        try dictionary.scanCheckedBlock(nextBlock, after: &lastKey) { key, info in loaded.append((Array(key), info)) }
        entries = loaded
        nextBlock += 1
    }
}
