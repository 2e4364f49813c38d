import Testing
@testable import Quarry

/// Decoding only the start of a store block (what a snippet's read of one document needs): the
/// bytes are exactly the start of a full decode, for every limit; decoding resumes where it
/// stopped; and damage in the decoded part is still reported.
@Suite struct BlockPrefixDecodeTests {
    private static func prefix(_ block: [UInt8], rawLength: Int, limit: Int) throws -> [UInt8] {
        try block.withUnsafeBytes { try BlockDecompressor.decompress($0, rawLength: rawLength, prefix: limit, context: "test block") }
    }

    /// Inputs of the shapes the store sees: text, a repeated byte, short-period runs and random bytes.
    private static func inputs(count: Int, seed: UInt64) -> [(String, [UInt8])] {
        var periodic: [UInt8] = []
        let unit = BlockCodec.random(count: 3, seed: seed)
        while periodic.count < count { periodic += BlockCodec.random(count: 2, seed: seed &+ UInt64(periodic.count)) + unit + unit + unit + unit }
        return [("text", BlockCodec.text(count: count, seed: seed)),
                ("run", [UInt8](repeating: 0x61, count: count)),
                ("periodic", Array(periodic.prefix(count))),
                ("random", BlockCodec.random(count: count, seed: seed))]
    }

    /// For every limit from 0 to past the end: at least the limit (or the whole block) comes out,
    /// and the bytes are the full decode's first bytes.
    @Test func everyLimitGivesAPrefixOfTheFullDecode() throws {
        for (count, seed) in [(0, 1), (1, 2), (17, 3), (300, 4), (2_500, 5)] as [(Int, UInt64)] {
            for (shape, input) in Self.inputs(count: count, seed: seed) {
                let block = BlockCodec.compress(input)
                for limit in 0...(count + 20) {
                    let out = try Self.prefix(block, rawLength: count, limit: limit)
                    #expect(out.count >= min(limit, count) && out.count <= count, "\(shape) \(count), limit \(limit): \(out.count) bytes")
                    #expect(out[...] == input[..<out.count], "\(shape) \(count), limit \(limit): bytes differ")
                }
            }
        }
    }

    /// A 64 KiB block (the store's block size): limits across it, including both ends.
    @Test func largeBlockLimits() throws {
        let count = 64 * 1024
        for (shape, input) in Self.inputs(count: count, seed: 11) {
            let block = BlockCodec.compress(input)
            for limit in Array(0...64) + Array(stride(from: 65, to: count + 100, by: 613)) + [count - 1, count, count + 1] {
                let out = try Self.prefix(block, rawLength: count, limit: limit)
                #expect(out.count >= min(limit, count), "\(shape), limit \(limit): \(out.count) bytes")
                #expect(out[...] == input[..<out.count], "\(shape), limit \(limit): bytes differ")
            }
            // A prefix decode stops within one sequence of its limit: on text it does not decode the
            // block (an incompressible block is one run of literals, a repeated byte one long match).
            if shape == "text" {
                #expect(try Self.prefix(block, rawLength: count, limit: 100).count < 1_000, "\(shape)")
            }
        }
    }

    /// Decoding resumed step by step (each step to a random further limit) ends with the whole
    /// block, the same as one full decode, and reports completion only at the end.
    @Test func resumedDecodingEqualsTheFullDecode() throws {
        var rng = SplitMix(seed: 7)
        for (shape, input) in Self.inputs(count: 40_000, seed: 21) {
            let block = BlockCodec.compress(input)
            for _ in 0..<5 {
                var output = [UInt8](repeating: 0, count: input.count)
                var progress = BlockDecompressor.Progress()
                var steps = 0
                while !progress.isComplete {
                    let before = progress.produced
                    let limit = before + Int(rng.next() % 3_000)
                    let failure = block.withUnsafeBytes { src in
                        output.withUnsafeMutableBytes { BlockDecompressor.decode(src, into: $0, progress: &progress, until: limit) }
                    }
                    #expect(failure == nil, "\(shape): \(String(describing: failure))")
                    if failure != nil { return }
                    #expect(progress.produced >= min(limit, input.count) || progress.isComplete)
                    #expect(output[..<progress.produced] == input[..<progress.produced], "\(shape): resumed bytes differ")
                    steps += 1
                }
                #expect(progress.produced == input.count && progress.consumed == block.count)
                #expect(output == input, "\(shape)")
                // An incompressible block is one sequence of literals: decoded in one step.
                if shape != "random" { #expect(steps > 1, "\(shape): expected several steps") }
            }
        }
    }

    /// A whole-block limit keeps the whole-block checks: bytes after the last sequence that fills
    /// the output are refused, as a full decode refuses them.
    @Test func fullLimitStillRequiresTheExactEnd() throws {
        let input = BlockCodec.text(count: 1_000, seed: 3)
        let block = BlockCodec.compress(input) + [0x00]
        #expect(throws: QuarryError.self) { try Self.prefix(block, rawLength: input.count, limit: input.count) }
        #expect(throws: QuarryError.self) { try Self.prefix(block, rawLength: input.count, limit: .max) }
        // Stated sizes no block could reach are refused before anything is decoded.
        #expect(throws: QuarryError.self) { try Self.prefix([0x00], rawLength: 1 << 20, limit: 0) }
    }

    /// Damage in the part a prefix decode reaches is reported as by a full decode; damage past it
    /// is not reached.
    @Test func damageBeforeTheLimitIsReported() throws {
        let literals = BlockCodec.random(count: 100, seed: 5)
        let good = BlockCodec.Sequence(literals: literals, match: (offset: 50, length: 40))
        let bad = BlockCodec.Sequence(literals: Array(literals.prefix(10)), match: (offset: 0, length: 20))
        let last = BlockCodec.Sequence(literals: Array(literals.prefix(8)), match: nil)
        let block = BlockCodec.encode([good, good, bad, last])
        let rawLength = BlockCodec.expand([good, good, BlockCodec.Sequence(literals: Array(literals.prefix(10)), match: (offset: 1, length: 20)), last]).count
        for limit in [0, 1, 139, 140, 279, 280] {
            let out = try Self.prefix(block, rawLength: rawLength, limit: limit)
            #expect(out.count >= limit)
        }
        for limit in [281, 290, rawLength, .max] {
            do {
                _ = try Self.prefix(block, rawLength: rawLength, limit: limit)
                Issue.record("limit \(limit): a block with a zero match offset decoded")
            } catch let error as QuarryError {
                #expect("\(error)".contains("test block") && "\(error)".contains("match offset 0"), "\(error)")
            }
        }
        // Random damage: a prefix decode either fails with a corrupt-index error or gives bytes
        // that a full decode of the same damaged block (when it succeeds) starts with.
        var rng = SplitMix(seed: 17)
        let input = BlockCodec.text(count: 5_000, seed: 9)
        let original = BlockCodec.compress(input)
        for _ in 0..<300 {
            var damaged = original
            for _ in 0..<(1 + Int(rng.next() % 3)) { damaged[Int(rng.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            let limit = Int(rng.next() % 6_000)
            let full = try? Self.prefix(damaged, rawLength: input.count, limit: .max)
            do {
                let out = try Self.prefix(damaged, rawLength: input.count, limit: limit)
                #expect(out.count >= min(limit, input.count))
                if let full { #expect(out[...] == full[..<out.count]) }
            } catch let error as QuarryError {
                #expect(full == nil, "a prefix decode failed where a full decode succeeds: \(error)")
            }
        }
    }
}
