/// Finds the longest earlier occurrence of the bytes at a position of one block, for
/// ``BlockCompressor``: hash chains over 4-byte prefixes with a bounded search depth.
///
/// `head` holds, per hash, the last position inserted with that hash (plus one; 0 is none).
/// `chain` is a ring of 65,536 entries, one per position modulo 65,536: the distance back to the
/// previous position with the same hash (0 is none, or too far for a match offset). A position
/// within the match window (at most ``BlockFormat/maxOffset`` back) has not had its ring entry
/// overwritten yet, because the position that reuses the entry lies 65,536 bytes further on.
///
/// Positions are inserted in order, each exactly once, up to the position being searched. Every
/// candidate's bytes are compared before it is used, so a hash collision never yields a wrong match.
struct MatchFinder {
    static let hashBits = 15
    static let chainSize = 1 << 16

    /// A match: `length` bytes starting `distance` bytes back. A length of 0 means none found.
    struct Match {
        var length: Int
        var distance: Int
        static let none = Match(length: 0, distance: 0)
    }

    private let src: UnsafeRawPointer
    private let head: UnsafeMutablePointer<UInt32>
    private let chain: UnsafeMutablePointer<UInt16>
    /// A search stops as soon as it has a match this long.
    private let goodEnough: Int
    private var nextToInsert = 0

    /// `head` must hold `1 << hashBits` entries, all zero; `chain` must hold `chainSize` entries
    /// (their contents do not matter). Both stay owned by the caller.
    init(src: UnsafeRawPointer, head: UnsafeMutablePointer<UInt32>, chain: UnsafeMutablePointer<UInt16>,
         goodEnough: Int) {
        precondition(goodEnough >= BlockFormat.minMatch)
        self.src = src
        self.head = head
        self.chain = chain
        self.goodEnough = goodEnough
    }

    @inline(__always)
    static func hash(_ value: UInt32) -> Int {
        Int((value &* 2_654_435_761) >> UInt32(32 - hashBits))
    }

    @inline(__always)
    private func read32(_ i: Int) -> UInt32 {
        src.loadUnaligned(fromByteOffset: i, as: UInt32.self)
    }

    @inline(__always)
    private func byte(_ i: Int) -> UInt8 {
        src.load(fromByteOffset: i, as: UInt8.self)
    }

    /// Inserts every position before `end` not inserted yet. Each needs 4 readable bytes.
    @inline(__always)
    private mutating func insert(upTo end: Int) {
        var p = nextToInsert
        while p < end {
            let h = Self.hash(read32(p))
            // An empty entry (0) gives a distance of p + 1, which leads to no position.
            let distance = p &- (Int(head[h]) &- 1)
            chain[p & (Self.chainSize - 1)] = distance <= BlockFormat.maxOffset ? UInt16(truncatingIfNeeded: distance) : 0
            head[h] = UInt32(truncatingIfNeeded: p &+ 1)
            p &+= 1
        }
        if end > nextToInsert { nextToInsert = end }
    }

    /// After a match ending at `position`: inserts the first position not inserted yet (where
    /// the match starts), then leaves the ones after it out of the chains, except the last `keep`
    /// before `position`.
    mutating func skip(to position: Int, keep: Int) {
        insert(upTo: min(nextToInsert + 1, position))
        if position - keep > nextToInsert { nextToInsert = position - keep }
    }

    /// How many bytes from `p` equal those from `q` (`q < p`), not going past `limit` on `p`'s side.
    @inline(__always)
    private func commonLength(_ p: Int, _ q: Int, limit: Int) -> Int {
        var a = p, b = q
        while a + 8 <= limit {
            let x = src.loadUnaligned(fromByteOffset: a, as: UInt64.self) ^ src.loadUnaligned(fromByteOffset: b, as: UInt64.self)
            if x != 0 { return a - p + UInt64(littleEndian: x).trailingZeroBitCount >> 3 }
            a += 8
            b += 8
        }
        while a < limit && byte(a) == byte(b) {
            a += 1
            b += 1
        }
        return a - p
    }

    /// The longest match for the bytes at `ip` that is longer than `longerThan` (at least
    /// ``BlockFormat/minMatch``), ends at or before `endLimit` and starts at most
    /// ``BlockFormat/maxOffset`` back, among the newest `depth` candidates of the chain;
    /// ``Match/none`` if there is none.
    /// Positions before `ip` are inserted first. `ip + 4` and `endLimit` must not pass the end of
    /// the block.
    @inline(__always)
    mutating func longestMatch(at ip: Int, longerThan: Int, endLimit: Int, depth: Int) -> Match {
        insert(upTo: ip)
        var best = max(longerThan, BlockFormat.minMatch - 1)
        if ip + best >= endLimit { return .none }
        let value = read32(ip)
        var candidate = Int(head[Self.hash(value)]) - 1
        let lowest = max(0, ip - BlockFormat.maxOffset)
        var found = Match.none
        var attempts = depth
        while candidate >= lowest && attempts > 0 {
            attempts -= 1
            // The byte just past the best length must match for this candidate to beat it.
            if byte(candidate &+ best) == byte(ip &+ best) && read32(candidate) == value {
                let length = BlockFormat.minMatch
                    + commonLength(ip + BlockFormat.minMatch, candidate + BlockFormat.minMatch, limit: endLimit)
                if length > best {
                    best = length
                    found = Match(length: length, distance: ip - candidate)
                    if length >= goodEnough || ip + length >= endLimit { break }
                }
            }
            let step = Int(chain[candidate & (Self.chainSize - 1)])
            if step == 0 { break }
            candidate &-= step
        }
        return found
    }
}
