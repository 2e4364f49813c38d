import Testing
@testable import Quarry

/// The block decompressor on damaged and made-up input: it either returns exactly the stated number
/// of bytes or throws ``QuarryError/corruptIndex(_:)``. A crash or out-of-bounds access would take
/// the test process down (and the sanitizers catch it in a `-sanitize=address` run); a hang would
/// never finish.
@Suite struct BlockDecompressorFuzzTests {
    /// Decodes and checks the outcome; returns the error message, or nil when it decoded.
    @discardableResult
    private func probe(_ block: [UInt8], rawLength: Int, _ label: @autoclosure () -> String = "block") -> String? {
        do {
            let out = try BlockCodec.decompress(block, rawLength: rawLength)
            #expect(out.count == rawLength, "\(label()): \(out.count) bytes, stated \(rawLength)")
            return nil
        } catch let error as QuarryError {
            guard case .corruptIndex(let message) = error else {
                Issue.record("\(label()): unexpected \(error)")
                return "\(error)"
            }
            #expect(message.hasPrefix("test block: "), "\(label()): \(message)")
            return message
        } catch {
            Issue.record("\(label()): unexpected \(error)")
            return "\(error)"
        }
    }

    private static let samples: [[UInt8]] = [
        BlockCodec.text(count: 5_000, seed: 1),
        BlockCodec.text(count: 70_000, seed: 2),
        [UInt8](repeating: 0x2D, count: 3_000) + BlockCodec.text(count: 500, seed: 3),
        BlockCodec.random(count: 600, seed: 4),
        Array("abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc xyz".utf8),
    ]

    /// A strict prefix of a valid block decodes to fewer bytes or ends mid-sequence: it throws.
    @Test func everyTruncationThrows() {
        for (s, input) in Self.samples.enumerated() {
            let block = BlockCodec.compress(input)
            // Every cut near either end, and every 37th in between (a debug build decodes slowly).
            let cuts = (0..<block.count).filter { $0 < 400 || $0 >= block.count - 400 || $0 % 37 == 0 }
            for cut in cuts {
                let message = probe(Array(block.prefix(cut)), rawLength: input.count, "sample \(s) cut at \(cut)")
                #expect(message != nil, "sample \(s): a block cut at \(cut) of \(block.count) bytes decoded")
            }
        }
    }

    /// A stated size one off either way is refused.
    @Test func wrongStatedSizeThrows() {
        for (s, input) in Self.samples.enumerated() {
            let block = BlockCodec.compress(input)
            #expect(probe(block, rawLength: input.count) == nil, "sample \(s)")
            #expect(probe(block, rawLength: input.count - 1, "sample \(s) size - 1") != nil)
            #expect(probe(block, rawLength: input.count + 1, "sample \(s) size + 1") != nil)
            #expect(probe(block, rawLength: 0, "sample \(s) size 0") != nil)
        }
    }

    /// Thousands of damaged blocks: flipped, overwritten, inserted and deleted bytes, at random places.
    @Test func mutatedBlocksThrowOrDecodeToTheStatedSize() {
        var rng = SplitMix(seed: 77)
        var thrown = 0, trials = 0
        for (s, input) in Self.samples.enumerated() {
            let original = BlockCodec.compress(input)
            for trial in 0..<1_500 {
                var block = original
                for _ in 0..<Int(1 + rng.next() % 4) {
                    let at = Int(rng.next() % UInt64(block.count))
                    switch rng.next() % 5 {
                    case 0: block[at] ^= UInt8(1 << (rng.next() % 8))
                    case 1: block[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 2: block[at] = [0x00, 0xFF, 0x0F, 0xF0][Int(rng.next() % 4)]
                    case 3: block.insert(contentsOf: [UInt8](repeating: 0xFF, count: Int(1 + rng.next() % 8)), at: at)
                    default: block.remove(at: at)
                    }
                    if block.isEmpty { break }
                }
                if probe(block, rawLength: input.count, "sample \(s) trial \(trial)") != nil { thrown += 1 }
                trials += 1
            }
        }
        #expect(trials == 7_500)
        // Most damage must be detected; a decoder that accepted everything would fail here.
        #expect(thrown > trials / 2, "only \(thrown) of \(trials) damaged blocks were refused")
    }

    /// Made-up input: random bytes with random stated sizes, including 0 and sizes far above the input.
    @Test func randomInputNeverCrashes() {
        var rng = SplitMix(seed: 5150)
        for trial in 0..<5_000 {
            let block = BlockCodec.random(count: Int(rng.next() % 200), seed: rng.next())
            let sizes = [0, 1, Int(rng.next() % 1_000), Int(rng.next() % 100_000)]
            probe(block, rawLength: sizes[trial % 4], "random trial \(trial)")
        }
    }

    @Test func zeroOffsetIsRefused() {
        let block: [UInt8] = [0x20, 0x61, 0x62, 0x00, 0x00, 0x00]
        let message = probe(block, rawLength: 6)
        #expect(message?.contains("match offset 0") == true, "\(message ?? "decoded")")
    }

    @Test func offsetBeforeTheBlockStartIsRefused() {
        for offset in [3, 4, 255, 65_535] {
            let block: [UInt8] = [0x20, 0x61, 0x62, UInt8(offset & 0xFF), UInt8(offset >> 8), 0x00]
            let message = probe(block, rawLength: 6)
            #expect(message?.contains("reaches before the block start") == true, "offset \(offset): \(message ?? "decoded")")
        }
        // Exactly as far back as there is output is fine.
        #expect(probe([0x20, 0x61, 0x62, 0x02, 0x00, 0x00], rawLength: 6) == nil)
    }

    /// Lengths far beyond the block: long runs of 255 extension bytes end in an error, not an
    /// overflow or a hang, whether or not the input runs out first.
    @Test func hugeLengthsAreRefused() {
        let literalRun: [UInt8] = [0xF0] + [UInt8](repeating: 0xFF, count: 100_000) + [0x00]
        #expect(probe(literalRun, rawLength: 1_000)?.contains("literal run longer than the stated size") == true)
        #expect(probe(literalRun, rawLength: 25_500_100)?.contains("literal run longer than the compressed block") == true)
        let endless: [UInt8] = [0xF0] + [UInt8](repeating: 0xFF, count: 100_000)
        #expect(probe(endless, rawLength: 25_500_100)?.contains("ends early") == true)
        // A stated size beyond 255 bytes per compressed byte is refused before anything is allocated.
        #expect(probe(endless, rawLength: Int(Int32.max))?.contains("is more than a 100001-byte block can hold") == true)
        #expect(probe([0x00], rawLength: 510)?.contains("is more than") == true)
        let matchRun: [UInt8] = [0x1F, 0x61, 0x01, 0x00] + [UInt8](repeating: 0xFF, count: 50_000) + [0x00]
        #expect(probe(matchRun, rawLength: 5_000)?.contains("match longer than the stated size") == true)
        #expect(probe([0x10, 0x61, 0x01, 0x00], rawLength: 5)?.contains("ends early") == true)
    }
}
