import Testing
@testable import Quarry

/// The DEFLATE store codec: round trips, decoding a block's start and resuming, the size bound,
/// and every kind of damage refused with a reason rather than a crash.
@Suite struct DeflateBlockCodecTests {
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let compressor = try DeflateBlockCompressor()
        let bound = compressor.maxCompressedSize(bytes.count)
        var out = [UInt8](repeating: 0, count: bound)
        let written = bytes.withUnsafeBytes { input in out.withUnsafeMutableBytes { compressor.compress(input, into: $0) } }
        #expect(written <= bound)
        return Array(out.prefix(written))
    }

    /// Decodes `block` into `rawLength` bytes; the failure, if any.
    static func decode(_ block: [UInt8], rawLength: Int, until limit: Int? = nil,
                       progress: inout BlockDecompressor.Progress, into output: inout [UInt8],
                       decoder: DeflateBlockDecoder) -> DeflateBlockDecoder.Failure? {
        block.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { decoder.decode(input, into: $0, progress: &progress, until: limit ?? rawLength) }
        }
    }

    static func whole(_ block: [UInt8], rawLength: Int) -> (bytes: [UInt8], failure: DeflateBlockDecoder.Failure?) {
        var output = [UInt8](repeating: 0, count: rawLength)
        var progress = BlockDecompressor.Progress()
        let failure = decode(block, rawLength: rawLength, progress: &progress, into: &output, decoder: try! DeflateBlockDecoder())
        if failure == nil { #expect(progress.isComplete && progress.produced == rawLength && progress.consumed == block.count) }
        return (output, failure)
    }

    @Test(arguments: [0, 1, 5, 300, 65_536, 200_000])
    func textAndRandomBytesRoundTrip(count: Int) throws {
        for input in [BlockCodec.text(count: count, seed: UInt64(count)), BlockCodec.random(count: count, seed: 9)] {
            let block = try Self.compress(input)
            let (back, failure) = Self.whole(block, rawLength: input.count)
            #expect(failure == nil)
            #expect(back == input)
            // Through the store's codec switch too.
            let viaCodec = try block.withUnsafeBytes { try StoreBlockCodec.deflate.decompress($0, rawLength: input.count, context: "t") }
            #expect(viaCodec == input)
        }
    }

    @Test func textIsSmallerThanTheHighLZ77Level() throws {
        let text = BlockCodec.text(count: 65_536, seed: 4)
        let deflated = try Self.compress(text).count
        let high = BlockCodec.compress(text, level: .high).count
        #expect(deflated * 100 < high * 90, "deflate \(deflated) bytes, high \(high)")
    }

    /// Decoding in steps, each resuming where the last stopped, gives the full decode's bytes, and
    /// never less than each step asked for.
    @Test func resumedDecodingMatchesTheWholeDecode() throws {
        let input = BlockCodec.text(count: 100_000, seed: 12)
        let block = try Self.compress(input)
        for step in [1, 517, 4_096, 70_000] {
            let decoder = try DeflateBlockDecoder()
            var output = [UInt8](repeating: 0, count: input.count)
            var progress = BlockDecompressor.Progress()
            var limit = 0, checked = 0
            while !progress.isComplete {
                limit += step
                let failure = Self.decode(block, rawLength: input.count, until: limit, progress: &progress, into: &output, decoder: decoder)
                #expect(failure == nil)
                #expect(progress.produced >= min(limit, input.count))
                // What each step adds is final: the same bytes as the input's.
                #expect(output[checked..<progress.produced] == input[checked..<progress.produced])
                checked = progress.produced
                if failure != nil { break }
            }
            #expect(output == input, "step \(step)")
        }
    }

    /// One decoder reads block after block (a new block starts from zero progress).
    @Test func oneDecoderReadsSeveralBlocks() throws {
        let decoder = try DeflateBlockDecoder()
        for seed in 1...3 as ClosedRange<UInt64> {
            let input = BlockCodec.text(count: 10_000, seed: seed)
            let block = try Self.compress(input)
            var output = [UInt8](repeating: 0, count: input.count)
            var progress = BlockDecompressor.Progress()
            // Stop half way through, then start the next block anyway.
            _ = Self.decode(block, rawLength: input.count, until: 3_000, progress: &progress, into: &output, decoder: decoder)
            progress = BlockDecompressor.Progress()
            #expect(Self.decode(block, rawLength: input.count, progress: &progress, into: &output, decoder: decoder) == nil)
            #expect(output == input)
        }
    }

    @Test func damageIsRefusedWithItsReason() throws {
        let input = BlockCodec.text(count: 20_000, seed: 3)
        let block = try Self.compress(input)
        #expect(Self.whole(Array(block.dropLast(5)), rawLength: input.count).failure.map {
            if case .truncated = $0 { return true }
            return $0 == .unterminated
        } == true)
        #expect(Self.whole(block + [0, 1, 2], rawLength: input.count).failure == .trailingBytes(3))
        #expect(Self.whole(block, rawLength: input.count + 1).failure == .endsEarly(produced: input.count, expected: input.count + 1))
        #expect(Self.whole(block, rawLength: input.count - 1).failure == .longerThanStated(expected: input.count - 1))
        #expect(Self.whole([], rawLength: 10).failure == .truncated(produced: 0, expected: 10))
        // A block type of 3 is reserved: zlib's own message comes through.
        if case .damaged(let message, _)? = Self.whole([0xFF, 0xFF], rawLength: 10).failure {
            #expect(message.contains("invalid block type"))
        } else {
            Issue.record("a reserved block type was not refused as damage")
        }
    }

    /// Flipped bytes anywhere either fail or decode to exactly the stated size; nothing crashes.
    @Test func flippedBytesNeverGoOutOfBounds() throws {
        let input = BlockCodec.text(count: 8_000, seed: 5)
        let block = try Self.compress(input)
        var rng = SplitMix(seed: 77)
        var failures = 0
        for _ in 0..<400 {
            var damaged = block
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                damaged[Int(rng.next() % UInt64(damaged.count))] ^= UInt8(1 + rng.next() % 255)
            }
            let (bytes, failure) = Self.whole(damaged, rawLength: input.count)
            if failure != nil { failures += 1 } else { #expect(bytes.count == input.count) }
        }
        #expect(failures > 200, "most damage is found (\(failures) of 400)")
    }

    @Test func statedSizeBeyondAnyBlockIsRefusedBeforeAllocating() {
        #expect {
            try [UInt8](repeating: 0, count: 10).withUnsafeBytes {
                try StoreBlockCodec.deflate.decompress($0, rawLength: 1 << 29, context: "store block 7")
            }
        } throws: { error in
            guard case QuarryError.corruptIndex(let message) = error else { return false }
            return message.contains("store block 7: stated size 536870912 is more than a 10-byte block can hold")
        }
    }
}
