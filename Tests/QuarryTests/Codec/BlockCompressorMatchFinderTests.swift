import Testing
@testable import Quarry

/// The compressor's match finder (hash chains, bounded depth) and lazy step: every block is read
/// back by the test support's own parser and expanded by the format's definition, the writer's
/// rules (offsets in range, no match in the last 12 bytes, last 5 bytes literal) are checked, and
/// hand-made inputs show that deep chains and the lazy step find the matches they should.
@Suite struct BlockCompressorMatchFinderTests {
    /// Compresses `input`, checks the block by the reference reading and returns its sequences.
    private func check(_ input: [UInt8], depth: Int, goodEnough: Int = BlockCompressor.defaultGoodEnough,
                       _ label: String) -> [BlockCodec.Sequence] {
        let block = BlockCodec.compress(input, depth: depth, goodEnough: goodEnough)
        #expect(block.count <= BlockFormat.maxCompressedSize(input.count), "\(label): over the size bound")
        guard let sequences = BlockCodec.parse(block) else {
            Issue.record("\(label): the block does not parse")
            return []
        }
        for m in BlockCodec.matches(sequences) {
            guard m.offset >= 1 && m.offset <= min(m.start, BlockFormat.maxOffset) else {
                Issue.record("\(label): match at \(m.start) with offset \(m.offset)")
                return []
            }
            #expect(m.length >= BlockFormat.minMatch)
            #expect(m.start < input.count - BlockFormat.matchStartMargin, "\(label): match starts at \(m.start) of \(input.count)")
            #expect(m.start + m.length <= input.count - BlockFormat.lastLiterals, "\(label): match ends too late")
        }
        #expect(BlockCodec.expand(sequences) == input, "\(label): reference expansion differs")
        #expect((try? BlockCodec.decompress(block, rawLength: input.count)) == input, "\(label): decoder differs")
        return sequences
    }

    /// Many positions share each 4-byte prefix: a few "words" that differ only after their first
    /// bytes, so chains are long and the best candidate is rarely the newest.
    private func manyCandidates(count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix(seed: seed)
        let stems = [Array("stone".utf8), Array("stoat".utf8), Array("stork".utf8), Array("story".utf8)]
        var out: [UInt8] = []
        while out.count < count {
            out += stems[Int(rng.next() % 4)]
            for _ in 0..<Int(rng.next() % 6) { out.append(UInt8(97 + rng.next() % 3)) }
        }
        return Array(out.prefix(count))
    }

    @Test func repetitiveInputsRoundTripAtEveryDepth() {
        for depth in [1, 2, 3, 8, 64, 1024] {
            for goodEnough in [4, 5, 16, BlockCompressor.defaultGoodEnough, 1000] {
                let label = "depth \(depth), goodEnough \(goodEnough)"
                _ = check(manyCandidates(count: 20_000, seed: UInt64(depth)), depth: depth, goodEnough: goodEnough, "candidates, \(label)")
                _ = check(BlockCodec.text(count: 30_000, seed: UInt64(goodEnough)), depth: depth, goodEnough: goodEnough, "text, \(label)")
                _ = check([UInt8](repeating: 0x7A, count: 5_000), depth: depth, goodEnough: goodEnough, "run, \(label)")
                var periodic: [UInt8] = []
                for i in 0..<10_000 { periodic.append(UInt8(i % 7 == 0 ? 1 : i % 3)) }
                _ = check(periodic, depth: depth, goodEnough: goodEnough, "periodic, \(label)")
            }
        }
        for n in 0...64 {
            _ = check(manyCandidates(count: n, seed: UInt64(n)), depth: 4, "small \(n)")
        }
    }

    /// Deeper chains find longer matches on input with many candidates, so the block shrinks.
    @Test func deeperSearchCompressesBetter() {
        let input = manyCandidates(count: 60_000, seed: 11)
        let shallow = BlockCodec.compress(input, depth: 1).count
        let deep = BlockCodec.compress(input, depth: 64).count
        #expect(deep * 10 < shallow * 9, "depth 64: \(deep) bytes, depth 1: \(shallow)")
    }

    /// A 300-byte string, then 100 copies of its first 8 bytes followed by other bytes, then the
    /// string again: only a search deeper than 100 candidates reaches the first copy.
    @Test func longChainReachesTheOldestCandidate() {
        var rng = SplitMix(seed: 5)
        let long = BlockCodec.random(count: 300, seed: 1)
        var input = long
        for _ in 0..<100 {
            input += long.prefix(8)
            input += BlockCodec.random(count: 20, seed: rng.next())
        }
        let repeatAt = input.count
        input += long
        input += BlockCodec.random(count: 40, seed: 2)
        func longestAtRepeat(_ depth: Int) -> Int {
            let matches = BlockCodec.matches(check(input, depth: depth, goodEnough: 1000, "depth \(depth)"))
            return matches.filter { $0.start <= repeatAt && $0.start + $0.length > repeatAt }.map(\.length).max() ?? 0
        }
        #expect(longestAtRepeat(128) >= 300)
        #expect(longestAtRepeat(8) < 300)
    }

    /// Filler between the parts of the lazy-step inputs: a run of one byte, different for each
    /// filler, so it compresses (a long run without matches would make the parse skip ahead and
    /// maybe over the position under test) and no match runs from it into what follows.
    private func filler(_ n: Int) -> [UInt8] { [UInt8](repeating: UInt8(0x20 + n), count: 12) }

    /// Greedy would take the 4-byte match at "a"; one byte on, "bcdefghijklmnopq" matches 16 bytes,
    /// so the lazy step emits "a" as a literal and takes the longer match.
    @Test func lazyStepPrefersTheLongerMatchOneByteOn() {
        var input = filler(1)
        input += Array("Xbcdefghijklmnopq".utf8)
        let firstB = input.count - 16
        input += filler(2)
        input += Array("abcdZ".utf8)
        input += filler(3)
        let secondA = input.count
        input += Array("abcdefghijklmnopq".utf8)
        input += filler(4)
        let matches = BlockCodec.matches(check(input, depth: 16, "lazy"))
        let atA = matches.first { $0.start == secondA }
        let atB = matches.first { $0.start == secondA + 1 }
        #expect(atA == nil, "a match starts at the \"a\": \(String(describing: atA))")
        #expect(atB?.offset == secondA + 1 - firstB && (atB?.length ?? 0) >= 16, "\(String(describing: atB))")
    }

    /// The lazy step repeats: each next byte has a longer match than the one before.
    @Test func lazyStepChainsOverSeveralBytes() {
        var input = filler(1)
        let tail = Array("klmnopqrstuvwxyz0123456789".utf8)
        input += Array("Q".utf8) + tail                       // the long match for the last step
        let longAt = input.count - tail.count
        input += filler(2)
        input += Array("hijkW".utf8)                         // 4 bytes for "h"
        input += filler(3)
        input += Array("ijklmV".utf8)                        // 5 bytes for "i"
        input += filler(4)
        input += Array("jklmnoU".utf8)                       // 6 bytes for "j"
        input += filler(5)
        let target = input.count
        input += Array("hij".utf8) + tail
        input += filler(6)
        let matches = BlockCodec.matches(check(input, depth: 16, "lazy chain"))
        #expect(!matches.contains { $0.start >= target && $0.start < target + 3 })
        let taken = matches.first { $0.start == target + 3 }
        #expect(taken?.offset == target + 3 - longAt && (taken?.length ?? 0) >= tail.count, "\(String(describing: taken))")
    }

    /// A repeat exactly 65,535 bytes back is found; one 65,536 back is out of reach.
    @Test func chainsStopAtTheLargestOffset() {
        let marker = BlockCodec.random(count: 64, seed: 21)
        for (gap, reachable) in [(BlockFormat.maxOffset, true), (BlockFormat.maxOffset + 1, false)] {
            // Text between the two, not random bytes: a long run without matches makes the
            // compressor skip ahead, and it could step over the second copy.
            var input = marker
            input += BlockCodec.text(count: gap - marker.count, seed: 22)
            input += marker
            input += BlockCodec.random(count: 30, seed: 23)
            let matches = BlockCodec.matches(check(input, depth: 64, "gap \(gap)"))
            let found = matches.contains { $0.start == gap && $0.offset == gap && $0.length >= marker.count }
            #expect(found == reachable, "gap \(gap)")
        }
    }

    /// One compressor reused across blocks gives what a fresh one gives: no position of an
    /// earlier, longer block is taken for a candidate.
    @Test func reusedCompressorForgetsTheBlockBefore() {
        let first = manyCandidates(count: 50_000, seed: 31)
        let second = manyCandidates(count: 3_000, seed: 32)
        var compressor = BlockCompressor()
        _ = first.withUnsafeBytes { compressor.compress($0) }
        let reused = second.withUnsafeBytes { compressor.compress($0) }
        #expect(reused == BlockCodec.compress(second))
        _ = check(second, depth: BlockCompressor.defaultDepth, "second block")
    }
}
