import Testing
@testable import Quarry

/// The `compact` store level's own DEFLATE writer: everything it writes must inflate (through
/// zlib) to exactly the input, for every shape of input, and its Huffman codes must be complete,
/// within their length limit, and optimal when the limit does not bind.
@Suite struct GreedyDeflateCompressorTests {
    static func compress(_ bytes: [UInt8], with compressor: GreedyDeflateCompressor = GreedyDeflateCompressor()) -> [UInt8] {
        let bound = GreedyDeflateCompressor.maxCompressedSize(bytes.count)
        var out = [UInt8](repeating: 0, count: bound)
        let written = bytes.withUnsafeBytes { input in out.withUnsafeMutableBytes { compressor.compress(input, into: $0) } }
        #expect(written + 8 <= bound)
        return Array(out.prefix(written))
    }

    static func roundTrip(_ input: [UInt8], with compressor: GreedyDeflateCompressor = GreedyDeflateCompressor()) throws -> Int {
        let block = compress(input, with: compressor)
        let back = try block.withUnsafeBytes { try StoreBlockCodec.deflate.decompress($0, rawLength: input.count, context: "t") }
        #expect(back == input)
        return block.count
    }

    @Test(arguments: [0, 1, 5, 12, 13, 300, 65_536, 140_000])
    func textAndRandomBytesRoundTrip(count: Int) throws {
        for input in [BlockCodec.text(count: count, seed: UInt64(count)), BlockCodec.random(count: count, seed: 9)] {
            _ = try Self.roundTrip(input)
        }
    }

    /// Random bytes do not shrink: they are written as stored blocks (several past 65,535 bytes),
    /// costing five bytes per stored block.
    @Test func incompressibleInputIsStored() throws {
        let input = BlockCodec.random(count: 140_000, seed: 3)
        let size = try Self.roundTrip(input)
        #expect(size == input.count + 5 * 3)
    }

    /// Runs longer than DEFLATE's longest match, matches at the far end of the window, every
    /// byte value, and a compressor reused across unlike blocks.
    @Test func longRunsFarMatchesAndReuse() throws {
        let compressor = GreedyDeflateCompressor()
        let runs = [UInt8](repeating: 0x61, count: 10_000) + [UInt8](repeating: 0, count: 777) + Array(0...255)
        #expect(try Self.roundTrip(runs, with: compressor) < 256 + 120, "the runs take a few bytes; the 256 distinct bytes about one each")
        // A phrase 32,768 bytes back is within the window; 32,769 bytes back it is not.
        let phrase = BlockCodec.random(count: 600, seed: 5)
        let within = phrase + [UInt8](repeating: 0, count: 32_768 - 600) + phrase
        let beyond = phrase + [UInt8](repeating: 0, count: 32_769 - 600) + phrase
        let withinSize = try Self.roundTrip(within, with: compressor)
        let beyondSize = try Self.roundTrip(beyond, with: compressor)
        #expect(withinSize + 200 < beyondSize, "within the window \(withinSize) bytes, beyond it \(beyondSize)")
        _ = try Self.roundTrip(BlockCodec.text(count: 70_000, seed: 8), with: compressor)
        _ = try Self.roundTrip([0x7A], with: compressor)
    }

    /// A skewed byte distribution (Fibonacci counts) needs codes longer than 15 bits without the
    /// limit; the limited code must still inflate.
    @Test func skewedDistributionNeedsTheLengthLimit() throws {
        var rng = SplitMix(seed: 11)
        var input: [UInt8] = []
        var a = 1, b = 1
        for symbol in 0..<24 {
            input += [UInt8](repeating: UInt8(symbol * 7 + 3), count: a)
            (a, b) = (b, a + b)
        }
        // Shuffle so matches are short and literals carry the distribution.
        for i in stride(from: input.count - 1, to: 0, by: -1) { input.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        _ = try Self.roundTrip(input)
    }

    @Test func textIsSmallerThanTheFastLevel() throws {
        let text = BlockCodec.text(count: 65_536, seed: 4)
        let compact = try Self.roundTrip(text)
        let fast = BlockCodec.compress(text, level: .fast).count
        #expect(compact * 100 < fast * 80, "compact \(compact) bytes, fast \(fast)")
    }

    // MARK: Huffman codes

    static func lengths(_ frequencies: [UInt32], maxLength: Int) -> [Int] {
        var code = HuffmanCode(symbolCount: frequencies.count)
        frequencies.withUnsafeBufferPointer { code.build(frequencies: $0, maxLength: maxLength) }
        return code.lengths.map(Int.init)
    }

    /// Kraft's sum of the used lengths, in units of 2^-15: complete codes sum to 2^15.
    static func kraft(_ lengths: [Int]) -> Int {
        lengths.filter { $0 > 0 }.reduce(0) { $0 + (1 << (15 - $1)) }
    }

    /// The cost of an optimal code, by the textbook merge of the two lightest weights.
    static func optimalCost(_ frequencies: [UInt32]) -> Int {
        var weights = frequencies.filter { $0 > 0 }.map(Int.init)
        var cost = 0
        while weights.count > 1 {
            weights.sort(by: >)
            let merged = weights.removeLast() + weights.removeLast()
            cost += merged
            weights.append(merged)
        }
        return cost
    }

    @Test func codesAreCompleteOptimalAndPrefixFree() {
        var rng = SplitMix(seed: 21)
        for round in 0..<200 {
            let symbols = 2 + Int(rng.next() % 285)
            let frequencies = (0..<symbols).map { _ in rng.next() % 3 == 0 ? 0 : UInt32(1 + rng.next() % (round % 2 == 0 ? 10 : 100_000)) }
            guard frequencies.filter({ $0 > 0 }).count >= 2 else { continue }
            let lengths = Self.lengths(frequencies, maxLength: 15)
            #expect(Self.kraft(lengths) == 1 << 15)
            for (symbol, f) in frequencies.enumerated() { #expect((f == 0) == (lengths[symbol] == 0)) }
            let cost = zip(frequencies, lengths).reduce(0) { $0 + Int($1.0) * $1.1 }
            if lengths.max()! < 15 { #expect(cost == Self.optimalCost(frequencies)) }
            // A more frequent symbol never has a longer code.
            for i in 0..<symbols where frequencies[i] > 0 {
                for j in 0..<symbols where frequencies[j] > frequencies[i] { #expect(lengths[j] <= lengths[i]) }
            }
        }
    }

    @Test func lengthLimitKeepsTheCodeComplete() {
        var fibonacci: [UInt32] = [1, 1]
        while fibonacci.count < 30 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        #expect(Self.lengths(fibonacci, maxLength: 15).max()! == 15)
        for limit in [7, 9, 15] {
            let lengths = Self.lengths(fibonacci, maxLength: limit)
            #expect(lengths.max()! <= limit)
            #expect(Self.kraft(lengths) == 1 << 15)
        }
        // Exactly 2^limit symbols: every code at the limit.
        #expect(Self.lengths([UInt32](repeating: 5, count: 128), maxLength: 7) == [Int](repeating: 7, count: 128))
    }

    @Test func canonicalCodesAreBitReversedInOrder() {
        var code = HuffmanCode(symbolCount: 4)
        // RFC 1951's example lengths (2, 1, 3, 3) give codes 10, 0, 110, 111.
        [UInt32](arrayLiteral: 2, 5, 1, 1).withUnsafeBufferPointer { code.build(frequencies: $0, maxLength: 15) }
        #expect(code.lengths == [2, 1, 3, 3])
        #expect(code.codes == [0b01, 0b0, 0b011, 0b111])
    }
}
