/// Compresses blocks into the format of ``BlockFormat``: an LZ77 parse with lazy matching, whose
/// matches come from ``MatchFinder`` (hash chains searched to a bounded depth).
///
/// At each position the compressor takes the longest match among the newest `depth` candidates
/// of the chain. If that match is shorter than ``lazyBelow``, it first looks one byte further on
/// (a shallower search, `lazyDepth` candidates), and while the match there is longer it emits a
/// literal instead and moves on. A chosen match also grows backwards over pending literals that
/// match. Every position outside the chosen matches goes into the chains, and so do the first
/// and the last ``keepInsideMatch`` positions of each chosen match.
///
/// One compressor keeps its tables between calls, so reuse it for a run of blocks. Not
/// thread-safe: give each thread its own.
struct BlockCompressor {
    /// The default number of chain candidates one search compares.
    static let defaultDepth = 4
    /// The default number of candidates the lazy step's search compares.
    static let defaultLazyDepth = 2
    /// The default length at which a search stops looking for a longer match.
    static let defaultGoodEnough = 64
    /// Only a match shorter than this is checked against the next position's.
    static let lazyBelow = 8
    /// Of the positions inside a chosen match, only its first and the last this many go into the
    /// chains: the rest would cost an insertion each and, on text, seldom start a better match.
    static let keepInsideMatch = 1

    private let depth: Int
    private let lazyDepth: Int
    private let goodEnough: Int
    private var head: [UInt32]
    private var chain: [UInt16]

    /// - Parameters:
    ///   - depth: chain candidates compared per search (at least 1); more finds longer matches
    ///     and costs time.
    ///   - lazyDepth: chain candidates compared by the lazy step's search (at least 1).
    ///   - goodEnough: a match this long ends the search (at least ``BlockFormat/minMatch``).
    init(depth: Int = BlockCompressor.defaultDepth, lazyDepth: Int = BlockCompressor.defaultLazyDepth,
         goodEnough: Int = BlockCompressor.defaultGoodEnough) {
        precondition(depth >= 1 && lazyDepth >= 1 && goodEnough >= BlockFormat.minMatch)
        self.depth = depth
        self.lazyDepth = lazyDepth
        self.goodEnough = goodEnough
        head = [UInt32](repeating: 0, count: 1 << MatchFinder.hashBits)
        chain = [UInt16](repeating: 0, count: MatchFinder.chainSize)
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
        let out = output.baseAddress!
        let n = input.count
        guard let src = input.baseAddress, n > BlockFormat.matchStartMargin else {
            return BlockSequenceWriter.writeLastLiterals(from: input.baseAddress, count: n, to: out, at: 0)
        }
        let depth = depth, lazyDepth = lazyDepth, goodEnough = goodEnough
        return head.withUnsafeMutableBufferPointer { head in
            chain.withUnsafeMutableBufferPointer { chain in
                head.update(repeating: 0)
                var finder = MatchFinder(src: src, head: head.baseAddress!, chain: chain.baseAddress!, goodEnough: goodEnough)
                return Self.parse(src, count: n, finder: &finder, depth: depth, lazyDepth: lazyDepth, to: out)
            }
        }
    }

    private static func parse(_ src: UnsafeRawPointer, count n: Int, finder: inout MatchFinder, depth: Int, lazyDepth: Int,
                              to out: UnsafeMutableRawPointer) -> Int {
        let matchStartLimit = n - BlockFormat.matchStartMargin // a match starts before this
        let matchEndLimit = n - BlockFormat.lastLiterals       // and ends at or before this
        var written = 0
        var anchor = 0 // first byte not yet emitted
        var ip = 1
        var misses = 0
        while ip < matchStartLimit {
            var match = finder.longestMatch(at: ip, longerThan: 0, endLimit: matchEndLimit, depth: depth)
            guard match.length > 0 else {
                // Step further the longer nothing matches, so incompressible data passes quickly.
                misses += 1
                ip += 1 + (misses >> 5)
                continue
            }
            misses = 0
            // Lazy step: while the next position has a longer match, emit a literal and take it.
            while match.length < lazyBelow && ip + 1 < matchStartLimit {
                let next = finder.longestMatch(at: ip + 1, longerThan: match.length, endLimit: matchEndLimit, depth: lazyDepth)
                if next.length == 0 { break }
                ip += 1
                match = next
            }
            // Grow the match backwards over literals that also match.
            var start = ip
            var candidate = ip - match.distance
            while start > anchor && candidate > 0
                && src.load(fromByteOffset: start - 1, as: UInt8.self) == src.load(fromByteOffset: candidate - 1, as: UInt8.self) {
                start -= 1
                candidate -= 1
            }
            let end = ip + match.length
            written = BlockSequenceWriter.writeSequence(literals: src + anchor, literalCount: start - anchor,
                                                        offset: match.distance, matchLength: end - start,
                                                        to: out, at: written)
            anchor = end
            ip = end
            finder.skip(to: end, keep: Self.keepInsideMatch)
        }
        return BlockSequenceWriter.writeLastLiterals(from: src + anchor, count: n - anchor, to: out, at: written)
    }
}
