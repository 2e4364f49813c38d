/// Compresses blocks into the format of ``BlockFormat``. ``StoreCompression/fast``: a greedy
/// LZ77 parse whose matches are found through a hash table of 4-byte prefixes (the last position
/// seen for each hash). ``StoreCompression/high``: the parse of ``ChainedMatchFinder``.
///
/// One compressor keeps its tables between calls, so reuse it for a run of blocks. Not
/// thread-safe: give each thread its own.
struct BlockCompressor {
    private static let hashBits = 14
    /// Last position (from the start of the block) at which each 4-byte hash was seen.
    private var table: [UInt32]
    /// The parser of the high level (nil at the fast level).
    private var chained: ChainedMatchFinder?

    /// A compressor for `level`, which must be one of the LZ4-family levels (`fast`, `high`).
    init(level: StoreCompression = .fast) {
        precondition(level == .fast || level == .high, "BlockCompressor writes the LZ4-family format; the DEFLATE levels have their own compressors")
        table = level == .fast ? [UInt32](repeating: 0, count: 1 << Self.hashBits) : []
        chained = level == .high ? ChainedMatchFinder() : nil
    }

    /// Compresses `input` and returns the compressed block.
    mutating func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let bound = BlockFormat.maxCompressedSize(input.count)
        return [UInt8](unsafeUninitializedCapacity: bound) { out, count in
            count = compress(input, into: UnsafeMutableRawBufferPointer(out))
        }
    }

    /// Compresses `input` into `output`, which must hold at least
    /// `BlockFormat.maxCompressedSize(input.count)` bytes; returns the number of bytes written.
    mutating func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(output.count >= BlockFormat.maxCompressedSize(input.count), "output too small for the compressed block")
        if chained != nil { return chained!.compress(input, into: output) }
        let out = output.baseAddress!
        let n = input.count
        guard let src = input.baseAddress, n > BlockFormat.matchStartMargin else {
            return Self.writeLastLiterals(from: input.baseAddress, count: n, to: out, at: 0)
        }
        return table.withUnsafeMutableBufferPointer { table in
            table.update(repeating: 0)
            return Self.compress(src, count: n, table: table.baseAddress!, to: out)
        }
    }

    @inline(__always)
    private static func hash(_ value: UInt32) -> Int {
        Int((value &* 2_654_435_761) >> UInt32(32 - hashBits))
    }

    @inline(__always)
    private static func read32(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 {
        p.loadUnaligned(fromByteOffset: i, as: UInt32.self)
    }

    private static func compress(_ src: UnsafeRawPointer, count n: Int, table: UnsafeMutablePointer<UInt32>,
                                 to out: UnsafeMutableRawPointer) -> Int {
        let matchStartLimit = n - BlockFormat.matchStartMargin // a match starts before this
        let matchEndLimit = n - BlockFormat.lastLiterals       // and ends at or before this
        var written = 0
        var anchor = 0 // first byte not yet emitted
        var ip = 1
        table[hash(read32(src, 0))] = 0
        var misses = 0
        while ip < matchStartLimit {
            let value = read32(src, ip)
            let h = hash(value)
            var candidate = Int(table[h])
            table[h] = UInt32(truncatingIfNeeded: ip)
            guard ip - candidate <= BlockFormat.maxOffset, read32(src, candidate) == value else {
                // Step further the longer nothing matches, so incompressible data passes quickly.
                misses += 1
                ip += 1 + (misses >> 5)
                continue
            }
            misses = 0
            // Grow the match backwards over literals that also match.
            var start = ip
            while start > anchor && candidate > 0
                && src.load(fromByteOffset: start - 1, as: UInt8.self) == src.load(fromByteOffset: candidate - 1, as: UInt8.self) {
                start -= 1
                candidate -= 1
            }
            // Grow it forwards, eight bytes at a time while they fit.
            var p = start + BlockFormat.minMatch
            var q = candidate + BlockFormat.minMatch
            var differs = false
            while p + 8 <= matchEndLimit {
                let x = src.loadUnaligned(fromByteOffset: p, as: UInt64.self) ^ src.loadUnaligned(fromByteOffset: q, as: UInt64.self)
                if x != 0 {
                    p += UInt64(littleEndian: x).trailingZeroBitCount >> 3
                    differs = true
                    break
                }
                p += 8
                q += 8
            }
            if !differs {
                while p < matchEndLimit && src.load(fromByteOffset: p, as: UInt8.self) == src.load(fromByteOffset: q, as: UInt8.self) {
                    p += 1
                    q += 1
                }
            }
            written = writeSequence(literals: src + anchor, literalCount: start - anchor,
                                    offset: start - candidate, matchLength: p - start, to: out, at: written)
            anchor = p
            ip = p
            // Remember a position inside the match too, so the next match is found sooner.
            if p - 2 < matchStartLimit {
                table[hash(read32(src, p - 2))] = UInt32(truncatingIfNeeded: p - 2)
            }
        }
        return writeLastLiterals(from: src + anchor, count: n - anchor, to: out, at: written)
    }

    /// Writes a length's extension bytes (the part beyond a full nibble).
    @inline(__always)
    private static func writeExtension(_ remainder: Int, to out: UnsafeMutableRawPointer, at position: Int) -> Int {
        var r = remainder
        var at = position
        while r >= 255 {
            out.storeBytes(of: 255, toByteOffset: at, as: UInt8.self)
            at += 1
            r -= 255
        }
        out.storeBytes(of: UInt8(r), toByteOffset: at, as: UInt8.self)
        return at + 1
    }

    static func writeSequence(literals: UnsafeRawPointer, literalCount: Int, offset: Int, matchLength: Int,
                              to out: UnsafeMutableRawPointer, at position: Int) -> Int {
        let matchCode = matchLength - BlockFormat.minMatch
        let token = UInt8(min(literalCount, BlockFormat.nibbleMax) << 4 | min(matchCode, BlockFormat.nibbleMax))
        out.storeBytes(of: token, toByteOffset: position, as: UInt8.self)
        var at = position + 1
        if literalCount >= BlockFormat.nibbleMax {
            at = writeExtension(literalCount - BlockFormat.nibbleMax, to: out, at: at)
        }
        (out + at).copyMemory(from: literals, byteCount: literalCount)
        at += literalCount
        out.storeBytes(of: UInt8(truncatingIfNeeded: offset), toByteOffset: at, as: UInt8.self)
        out.storeBytes(of: UInt8(truncatingIfNeeded: offset >> 8), toByteOffset: at + 1, as: UInt8.self)
        at += 2
        if matchCode >= BlockFormat.nibbleMax {
            at = writeExtension(matchCode - BlockFormat.nibbleMax, to: out, at: at)
        }
        return at
    }

    /// The closing sequence: a token, then literals only.
    static func writeLastLiterals(from literals: UnsafeRawPointer?, count: Int,
                                  to out: UnsafeMutableRawPointer, at position: Int) -> Int {
        out.storeBytes(of: UInt8(min(count, BlockFormat.nibbleMax) << 4), toByteOffset: position, as: UInt8.self)
        var at = position + 1
        if count >= BlockFormat.nibbleMax {
            at = writeExtension(count - BlockFormat.nibbleMax, to: out, at: at)
        }
        if count > 0, let literals {
            (out + at).copyMemory(from: literals, byteCount: count)
        }
        return at + count
    }
}
