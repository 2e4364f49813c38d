/// The parse of ``StoreCompression/high``: the same block format as the fast parse (``BlockFormat``),
/// with better matches found at several times the cost. Every position of the block is entered in
/// hash chains (the positions before it with the same 4-byte hash, newest first); a match is the
/// longest among the first ``maxAttempts`` candidates of its chain; and one step of lazy matching
/// emits a literal instead when the next position starts a longer match. Decoding is unchanged.
///
/// Reuse one finder for a run of blocks (it keeps its tables). Not thread-safe.
struct ChainedMatchFinder {
    private static let hashBits = 15
    /// Candidates compared per position; more finds slightly longer matches for much more time.
    static let maxAttempts = 16
    /// Per hash, the newest position entered plus one (0: none yet in this block).
    private var head: [Int32]
    /// Per position modulo 2¹⁶, the distance back to the previous position of its chain (0: none).
    private var chain: [UInt16]

    init() {
        head = [Int32](repeating: 0, count: 1 << Self.hashBits)
        chain = [UInt16](repeating: 0, count: 1 << 16)
    }

    /// Compresses `input` into `output` (at least `BlockFormat.maxCompressedSize(input.count)`
    /// bytes); returns the number of bytes written.
    mutating func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(output.count >= BlockFormat.maxCompressedSize(input.count), "output too small for the compressed block")
        let out = output.baseAddress!
        let n = input.count
        guard let src = input.baseAddress, n > BlockFormat.matchStartMargin else {
            return BlockCompressor.writeLastLiterals(from: input.baseAddress, count: n, to: out, at: 0)
        }
        return head.withUnsafeMutableBufferPointer { head in
            chain.withUnsafeMutableBufferPointer { chain in
                head.update(repeating: 0)
                var parse = Parse(src: src, count: n, head: head.baseAddress!, chain: chain.baseAddress!)
                return parse.run(to: out)
            }
        }
    }

    /// One block's parse over the finder's tables.
    private struct Parse {
        let src: UnsafeRawPointer
        let n: Int
        let head: UnsafeMutablePointer<Int32>
        let chain: UnsafeMutablePointer<UInt16>
        /// Positions before this one are in the chains.
        var inserted = 0

        init(src: UnsafeRawPointer, count: Int, head: UnsafeMutablePointer<Int32>, chain: UnsafeMutablePointer<UInt16>) {
            self.src = src
            self.n = count
            self.head = head
            self.chain = chain
        }

        @inline(__always)
        private func hash(at position: Int) -> Int {
            Int((src.loadUnaligned(fromByteOffset: position, as: UInt32.self) &* 2_654_435_761) >> UInt32(32 - hashBits))
        }

        /// Enters every position before `end` in the chains.
        @inline(__always)
        private mutating func insert(upTo end: Int) {
            while inserted < end {
                let h = hash(at: inserted)
                let previous = Int(head[h]) - 1
                let distance = previous < 0 ? 0 : inserted - previous
                chain[inserted & 0xFFFF] = distance > BlockFormat.maxOffset ? 0 : UInt16(distance)
                head[h] = Int32(inserted + 1)
                inserted += 1
            }
        }

        /// The length of the common run of `p` and `q` (q < p), ending at `limit`.
        @inline(__always)
        private func commonLength(_ p: Int, _ q: Int, limit: Int) -> Int {
            var a = p, b = q
            while a + 8 <= limit {
                let x = src.loadUnaligned(fromByteOffset: a, as: UInt64.self) ^ src.loadUnaligned(fromByteOffset: b, as: UInt64.self)
                if x != 0 { return a + UInt64(littleEndian: x).trailingZeroBitCount >> 3 - p }
                a += 8
                b += 8
            }
            while a < limit && src.load(fromByteOffset: a, as: UInt8.self) == src.load(fromByteOffset: b, as: UInt8.self) {
                a += 1
                b += 1
            }
            return a - p
        }

        /// The longest match for `ip` among its chain's first candidates: (length, candidate), or
        /// length 0 when none reaches ``BlockFormat/minMatch``.
        private mutating func longestMatch(at ip: Int, matchEndLimit: Int) -> (length: Int, candidate: Int) {
            insert(upTo: ip)
            var best = (length: 0, candidate: 0)
            let first = src.loadUnaligned(fromByteOffset: ip, as: UInt32.self)
            var candidate = Int(head[hash(at: ip)]) - 1
            var attempts = ChainedMatchFinder.maxAttempts
            while candidate >= 0 && ip - candidate <= BlockFormat.maxOffset && attempts > 0 {
                attempts -= 1
                // A candidate can only be longer if it also matches at the current best length.
                if src.loadUnaligned(fromByteOffset: candidate, as: UInt32.self) == first
                    && (best.length < BlockFormat.minMatch || ip + best.length >= matchEndLimit
                        || src.load(fromByteOffset: candidate + best.length, as: UInt8.self) == src.load(fromByteOffset: ip + best.length, as: UInt8.self)) {
                    let length = commonLength(ip, candidate, limit: matchEndLimit)
                    if length > best.length {
                        best = (length, candidate)
                        if ip + length >= matchEndLimit { break }
                    }
                }
                let distance = Int(chain[candidate & 0xFFFF])
                if distance == 0 { break }
                candidate -= distance
            }
            return best.length >= BlockFormat.minMatch ? best : (0, 0)
        }

        mutating func run(to out: UnsafeMutableRawPointer) -> Int {
            let matchStartLimit = n - BlockFormat.matchStartMargin
            let matchEndLimit = n - BlockFormat.lastLiterals
            var written = 0
            var anchor = 0
            var ip = 0
            while ip < matchStartLimit {
                var match = longestMatch(at: ip, matchEndLimit: matchEndLimit)
                if match.length == 0 {
                    ip += 1
                    continue
                }
                // Lazy step: a longer match one byte on is worth a literal.
                while ip + 1 < matchStartLimit {
                    let next = longestMatch(at: ip + 1, matchEndLimit: matchEndLimit)
                    if next.length <= match.length { break }
                    ip += 1
                    match = next
                }
                // Grow the match backwards over literals that also match.
                var start = ip, candidate = match.candidate
                while start > anchor && candidate > 0
                    && src.load(fromByteOffset: start - 1, as: UInt8.self) == src.load(fromByteOffset: candidate - 1, as: UInt8.self) {
                    start -= 1
                    candidate -= 1
                }
                let end = ip + match.length
                written = BlockCompressor.writeSequence(literals: src + anchor, literalCount: start - anchor,
                                                        offset: start - candidate, matchLength: end - start, to: out, at: written)
                anchor = end
                ip = end
            }
            return BlockCompressor.writeLastLiterals(from: src + anchor, count: n - anchor, to: out, at: written)
        }
    }
}
