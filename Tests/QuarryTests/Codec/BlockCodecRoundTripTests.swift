import Testing
@testable import Quarry

/// The store's block compressor and decompressor: round trips over inputs of every shape the
/// store sees or could see, at both compression levels, and hand-built blocks decoded against the
/// format's definition.
@Suite struct BlockCodecRoundTripTests {
    private func roundTrip(_ input: [UInt8], _ label: String, level: StoreCompression = .fast) throws -> [UInt8] {
        let block = BlockCodec.compress(input, level: level)
        #expect(block.count <= BlockFormat.maxCompressedSize(input.count), "\(label): over the size bound")
        let output = try BlockCodec.decompress(block, rawLength: input.count)
        #expect(output == input, "\(label): round trip differs")
        return block
    }

    @Test(arguments: BlockCodec.levels)
    func emptyAndOneByteBlocks(level: StoreCompression) throws {
        #expect(try roundTrip([], "empty", level: level) == [0x00])
        #expect(try roundTrip([0x41], "one byte", level: level) == [0x10, 0x41])
        #expect(try BlockCodec.decompress([0x00], rawLength: 0) == [])
    }

    /// Every size from 0 to 300 (across the 15-literal nibble, the 12-byte margin and the 16-byte
    /// copy slack), for text, a single repeated byte and random bytes.
    @Test(arguments: BlockCodec.levels)
    func everySmallSize(level: StoreCompression) throws {
        for n in 0...300 {
            _ = try roundTrip(BlockCodec.text(count: n, seed: UInt64(n)), "text \(n)", level: level)
            _ = try roundTrip([UInt8](repeating: 0x61, count: n), "run \(n)", level: level)
            _ = try roundTrip(BlockCodec.random(count: n, seed: UInt64(n)), "random \(n)", level: level)
        }
    }

    @Test(arguments: BlockCodec.levels)
    func textCompressesAndRoundTrips(level: StoreCompression) throws {
        for seed: UInt64 in 1...8 {
            let input = BlockCodec.text(count: 64 * 1024 + Int(seed) * 977, seed: seed)
            let block = try roundTrip(input, "text seed \(seed)", level: level)
            #expect(block.count * 2 < input.count, "text seed \(seed): \(block.count) of \(input.count) bytes")
        }
    }

    /// Runs with a short period overlap their own source; each period 1...20, runs of many lengths,
    /// with literals around them so the runs start at varied alignments.
    @Test(arguments: BlockCodec.levels)
    func overlappingShortOffsetRuns(level: StoreCompression) throws {
        var rng = SplitMix(seed: 99)
        for period in 1...20 {
            var input: [UInt8] = []
            for length in [4, 5, 7, 8, 9, 15, 16, 17, 19, 33, 100, 270, 1000, 5000] {
                input += BlockCodec.random(count: Int(rng.next() % 5), seed: rng.next())
                let unit = BlockCodec.random(count: period, seed: rng.next())
                for i in 0..<(period + length) { input.append(unit[i % period]) }
            }
            let block = try roundTrip(input, "period \(period)", level: level)
            #expect(block.count * 4 < input.count, "period \(period): \(block.count) of \(input.count)")
        }
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let block = try roundTrip(zeros, "1 MiB of zeros", level: level)
        #expect(block.count < 5_000)
    }

    @Test(arguments: BlockCodec.levels)
    func incompressibleInputGrowsOnlyByTheBound(level: StoreCompression) throws {
        for n in [13, 255, 4096, 65_536, 300_000] {
            let input = BlockCodec.random(count: n, seed: UInt64(n))
            let block = try roundTrip(input, "random \(n)", level: level)
            #expect(block.count >= n && block.count <= n + n / 255 + 16)
        }
    }

    /// Blocks past 64 KiB: matches must never reach further back than a 2-byte offset can say.
    @Test(arguments: BlockCodec.levels)
    func largeBlocks(level: StoreCompression) throws {
        var input = BlockCodec.random(count: 70_000, seed: 5)
        input += input                                    // a repeat 70,000 bytes back: too far
        input += BlockCodec.text(count: 3_000_000, seed: 6)
        input += input.prefix(40_000)                     // far back again
        let block = try roundTrip(input, "large", level: level)
        #expect(block.count < input.count)
    }

    /// The high level finds longer matches: on text it writes a smaller block than the fast level,
    /// which decodes the same.
    @Test func highLevelIsSmallerOnText() throws {
        for seed: UInt64 in 1...4 {
            let input = BlockCodec.text(count: 64 * 1024, seed: seed) + BlockCodec.text(count: 20_000, seed: seed + 100)
            let fast = BlockCodec.compress(input, level: .fast), high = BlockCodec.compress(input, level: .high)
            #expect(try BlockCodec.decompress(high, rawLength: input.count) == input)
            #expect(high.count * 100 < fast.count * 95, "seed \(seed): high \(high.count) bytes, fast \(fast.count)")
        }
    }

    /// Hand-built blocks decode to what the format defines, independently of the compressor.
    @Test func handBuiltBlocksDecodeByTheDefinition() throws {
        // "ab", then 7 bytes from 2 back, then "!": "ababababa!".
        #expect(try BlockCodec.decompress([0x23, 0x61, 0x62, 0x02, 0x00, 0x10, 0x21], rawLength: 10)
                == Array("ababababa!".utf8))
        // Literal and match lengths that need extension bytes (15 + 255 + 3 = 273 literals).
        let long = BlockCodec.Sequence(literals: BlockCodec.random(count: 273, seed: 1), match: (offset: 273, length: 4 + 15 + 255 + 255 + 7))
        let tail = BlockCodec.Sequence(literals: Array("end".utf8), match: nil)
        let block = BlockCodec.encode([long, tail])
        #expect(block[0] == 0xFF && block[1] == 255 && block[2] == 3)
        #expect(try BlockCodec.decompress(block, rawLength: 273 + 4 + 15 + 510 + 7 + 3) == BlockCodec.expand([long, tail]))
    }

    /// Random valid sequence lists (many short offsets, lengths at the copy widths' edges) decode
    /// to the byte-at-a-time expansion: this checks the decoder's wide and overlapping copies.
    @Test func randomSequencesMatchTheReferenceExpansion() throws {
        var rng = SplitMix(seed: 2024)
        for trial in 0..<2_000 {
            var sequences: [BlockCodec.Sequence] = []
            var produced = 0
            for _ in 0..<Int(1 + rng.next() % 12) {
                let literals = BlockCodec.random(count: Int(rng.next() % (rng.next() % 4 == 0 ? 300 : 20)), seed: rng.next())
                produced += literals.count
                guard produced > 0 else { continue }
                let offsetChoice = rng.next() % 4
                let maxOffset = min(produced, BlockFormat.maxOffset)
                let offset = offsetChoice < 2 ? 1 + Int(rng.next() % UInt64(min(maxOffset, 17)))
                                              : 1 + Int(rng.next() % UInt64(maxOffset))
                let length = 4 + Int(rng.next() % (rng.next() % 3 == 0 ? 600 : 40))
                sequences.append(.init(literals: literals, match: (offset, length)))
                produced += length
            }
            sequences.append(.init(literals: BlockCodec.random(count: Int(rng.next() % 40), seed: rng.next()), match: nil))
            let expected = BlockCodec.expand(sequences)
            let decoded = try BlockCodec.decompress(BlockCodec.encode(sequences), rawLength: expected.count)
            #expect(decoded == expected, "trial \(trial)")
            if decoded != expected { break }
        }
    }
}
