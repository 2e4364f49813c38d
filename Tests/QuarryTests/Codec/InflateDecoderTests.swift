import Testing
@testable import Quarry

/// Our DEFLATE decoder against zlib's, the reference: the same bytes for every valid stream (zlib's
/// own, at every block type, and the compact level's), the same verdict on damaged ones, resuming
/// at any step, and every kind of damage refused with a reason.
@Suite struct InflateDecoderTests {
    /// Decodes `block` into `rawLength` bytes with `decoder`, in one call unless `step` is given.
    static func inflate(_ block: [UInt8], rawLength: Int, decoder: InflateDecoder = InflateDecoder(), step: Int? = nil)
        -> (bytes: [UInt8], failure: InflateDecoder.Failure?, progress: BlockDecompressor.Progress) {
        var output = [UInt8](repeating: 0, count: rawLength)
        var progress = BlockDecompressor.Progress()
        var limit = 0
        var failure: InflateDecoder.Failure?
        repeat {
            limit = step.map { limit + $0 } ?? rawLength
            failure = block.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { decoder.decode(input, into: $0, progress: &progress, until: limit) }
            }
        } while failure == nil && !progress.isComplete && step != nil
        return (output, failure, progress)
    }

    /// Both decoders' verdicts on `block`: equal bytes when both succeed, both fail otherwise.
    static func expectAgreement(_ block: [UInt8], rawLength: Int, _ note: @autoclosure () -> String = "", step: Int? = nil,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let ours = inflate(block, rawLength: rawLength, step: step)
        let zlib = DeflateBlockCodecTests.whole(block, rawLength: rawLength)
        #expect((ours.failure == nil) == (zlib.failure == nil),
                "ours: \(ours.failure.map { "\($0)" } ?? "ok"), zlib: \(zlib.failure.map { "\($0)" } ?? "ok") \(note())",
                sourceLocation: sourceLocation)
        if ours.failure == nil && zlib.failure == nil {
            #expect(ours.bytes == zlib.bytes, "\(note())", sourceLocation: sourceLocation)
            #expect(ours.progress.isComplete && ours.progress.consumed == block.count, sourceLocation: sourceLocation)
        }
    }

    static func greedy(_ bytes: [UInt8]) -> [UInt8] {
        let compressor = GreedyDeflateCompressor()
        var out = [UInt8](repeating: 0, count: GreedyDeflateCompressor.maxCompressedSize(bytes.count))
        let written = bytes.withUnsafeBytes { input in out.withUnsafeMutableBytes { compressor.compress(input, into: $0) } }
        return Array(out.prefix(written))
    }

    @Test(arguments: [0, 1, 5, 300, 4_000, 65_536, 200_000])
    func everyEncoderRoundTrips(count: Int) throws {
        let inputs = [BlockCodec.text(count: count, seed: UInt64(count)), BlockCodec.random(count: count, seed: 9),
                      [UInt8](repeating: 0x61, count: count)]
        for input in inputs {
            // zlib (dynamic, fixed or stored blocks as it chooses) and the compact level's writer.
            for block in [try DeflateBlockCodecTests.compress(input), Self.greedy(input)] {
                let (bytes, failure, progress) = Self.inflate(block, rawLength: input.count)
                #expect(failure == nil, "\(failure.map { "\($0)" } ?? "")")
                #expect(bytes == input)
                #expect(progress.isComplete && progress.consumed == block.count)
            }
        }
    }

    /// Hand-made streams for the block types zlib's compressor rarely writes.
    @Test func storedFixedAndEmptyBlocks() {
        // Two stored blocks ("ab", then final "c"), then the same with an empty final fixed block.
        let stored: [UInt8] = [0x00, 0x02, 0x00, 0xFD, 0xFF, 0x61, 0x62, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x63]
        #expect(Self.inflate(stored, rawLength: 3).bytes == Array("abc".utf8))
        Self.expectAgreement(stored, rawLength: 3)
        Self.expectAgreement(stored, rawLength: 2)
        Self.expectAgreement(stored, rawLength: 4)
        Self.expectAgreement([0x00, 0x02, 0x00, 0xFD, 0xFF, 0x61, 0x62, 0x03, 0x00], rawLength: 2)
        // A stored block longer than the stated size, with input to spare: refused, not cut short
        // (the fuzz target found this one disagreeing with zlib).
        let long: [UInt8] = [0x00, 0x00, 0xFF, 0xFF, 0x00] + [UInt8](repeating: 0x41, count: 120)
        #expect(Self.inflate(long, rawLength: 113).failure == .longerThanStated(expected: 113))
        Self.expectAgreement(long, rawLength: 113)
        Self.expectAgreement(long, rawLength: 113, step: 50)
        // A stored block whose length and complement disagree.
        Self.expectAgreement([0x01, 0x02, 0x00, 0xFD, 0xFE, 0x61, 0x62], rawLength: 2)
        #expect(Self.inflate([0x01, 0x02, 0x00, 0xFD, 0xFE, 0x61, 0x62], rawLength: 2).failure
                == .damaged("invalid stored block lengths", at: 5))
        // Final empty fixed block (just end-of-block) for an empty output.
        Self.expectAgreement([0x03, 0x00], rawLength: 0)
        // Fixed block: 'a', then a match of length 3 at distance 1 ("aaaa"), end.
        Self.expectAgreement([0x4B, 0x04, 0x02, 0x00], rawLength: 4)
        #expect(Self.inflate([0x4B, 0x04, 0x02, 0x00], rawLength: 4).bytes == Array("aaaa".utf8))
    }

    @Test func resumingAtAnyStepGivesTheWholeDecode() throws {
        let input = BlockCodec.text(count: 100_000, seed: 12)
        for block in [try DeflateBlockCodecTests.compress(input), Self.greedy(input)] {
            for step in [1, 517, 8_192, 70_000] {
                let (bytes, failure, _) = Self.inflate(block, rawLength: input.count, step: step)
                #expect(failure == nil && bytes == input, "step \(step)")
            }
        }
        // A stored block resumed byte by byte.
        let random = BlockCodec.random(count: 3_000, seed: 4)
        let stored = try DeflateBlockCodecTests.compress(random)
        #expect(Self.inflate(stored, rawLength: random.count, step: 1).bytes == random)
        // One decoder, a block left half way, then a new block from zero progress.
        let decoder = InflateDecoder()
        let first = try DeflateBlockCodecTests.compress(BlockCodec.text(count: 10_000, seed: 1))
        _ = Self.inflate(first, rawLength: 10_000, decoder: decoder, step: 3_000)
        let second = BlockCodec.text(count: 9_000, seed: 2)
        #expect(Self.inflate(try DeflateBlockCodecTests.compress(second), rawLength: second.count, decoder: decoder).bytes == second)
    }

    @Test func damageIsRefusedWithItsReason() throws {
        let input = BlockCodec.text(count: 20_000, seed: 3)
        for block in [try DeflateBlockCodecTests.compress(input), Self.greedy(input)] {
            let cut = Self.inflate(Array(block.dropLast(5)), rawLength: input.count).failure
            #expect(cut == .truncated(produced: cut.map { if case .truncated(let p, _) = $0 { p } else { -1 } } ?? -1, expected: input.count) || cut == .unterminated)
            #expect(Self.inflate(block + [0, 1, 2], rawLength: input.count).failure == .trailingBytes(3))
            #expect(Self.inflate(block, rawLength: input.count + 1).failure == .endsEarly(produced: input.count, expected: input.count + 1))
            #expect(Self.inflate(block, rawLength: input.count - 1).failure == .longerThanStated(expected: input.count - 1))
        }
        #expect(Self.inflate([], rawLength: 10).failure == .truncated(produced: 0, expected: 10))
        #expect(Self.inflate([0xFF, 0xFF], rawLength: 10).failure == .damaged("invalid block type", at: 1))
        // A fixed-code match reaching before the start of the output.
        #expect(Self.inflate([0x03, 0x02, 0x00], rawLength: 3).failure.map { if case .damaged(let m, _) = $0 { m } else { "\($0)" } }
                == "invalid distance too far back")
    }

    /// Random damage to zlib's and the compact level's streams: our decoder fails exactly when
    /// zlib does, and otherwise writes the same bytes (and nothing crashes).
    @Test func flippedBytesGetZlibsVerdict() throws {
        var rng = SplitMix(seed: 2_024)
        for seed in 0..<6 as Range<UInt64> {
            let input = seed % 2 == 0 ? BlockCodec.text(count: 6_000, seed: seed) : BlockCodec.random(count: 500, seed: seed)
            for block in [try DeflateBlockCodecTests.compress(input), Self.greedy(input)] {
                for _ in 0..<150 {
                    var damaged = block
                    for _ in 0..<(1 + Int(rng.next() % 3)) {
                        damaged[Int(rng.next() % UInt64(damaged.count))] ^= UInt8(1 + rng.next() % 255)
                    }
                    Self.expectAgreement(damaged, rawLength: input.count)
                }
            }
        }
    }

    /// Random bytes (mostly damage, sometimes tiny valid streams) at random stated sizes.
    @Test func randomStreamsGetZlibsVerdict() {
        var rng = SplitMix(seed: 99)
        for _ in 0..<3_000 {
            let count = Int(rng.next() % 40)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            Self.expectAgreement(bytes, rawLength: Int(rng.next() % 64), "\(bytes)")
        }
    }
}
