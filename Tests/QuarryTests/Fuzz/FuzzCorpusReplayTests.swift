import Foundation
import Testing
@_spi(Fuzzing) @testable import Quarry

/// Replays the fuzz seed corpora (`Benchmarks/fuzz/corpus/<target>/`) through the same entry
/// points the libFuzzer harness runs, then a few hundred seeded mutations of them per target:
/// no input may trap or break a promise (``FuzzFinding``), the committed seeds made from a real
/// index must be accepted, and the mutations must reach the readers' validation.
@Suite struct FuzzCorpusReplayTests {
    /// The repository's corpus folder of `target`, found from this file's place.
    static func corpusFolder(_ target: FuzzTarget) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/fuzz/corpus/\(target.rawValue)")
    }

    /// The corpus of `target`: file names and bytes, sorted by name.
    static func corpus(_ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        let folder = corpusFolder(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { ($0, [UInt8](try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    /// Targets that replace a file of the fixture index and search it (slow: fewer mutations).
    static let segmentTargets: Set<FuzzTarget> = [.termDictionary, .postings, .positions, .lengths, .store, .manifest]

    @Test(arguments: FuzzTarget.allCases)
    func corpusReplaysWithoutFindings(target: FuzzTarget) throws {
        let files = try Self.corpus(target)
        try #require(files.count >= 2, "corpus of \(target) is missing")
        var accepted = 0
        for (name, bytes) in files {
            let outcome: FuzzOutcome
            do {
                outcome = try FuzzEntryPoints.run(target, bytes)
            } catch {
                Issue.record("\(target)/\(name): \(error)")
                continue
            }
            if outcome.isAccepted { accepted += 1 }
            // Seeds made from the fixture index are valid files and blocks.
            let generated = ["sealed-", "raw-", "decode-", "roundtrip-"].contains { name.hasPrefix($0) }
            if generated { #expect(outcome.isAccepted, "\(target)/\(name): \(outcome)") }
        }
        #expect(accepted > 0)
    }

    @Test(arguments: FuzzTarget.allCases)
    func seededMutationsBreakNoPromise(target: FuzzTarget) throws {
        let files = try Self.corpus(target).map(\.bytes)
        var rng = SplitMix(seed: 0xF022 &+ UInt64(target.rawValue.utf8.count))
        let rounds = Self.segmentTargets.contains(target) ? 60 : 300
        var outcomes = [0, 0]  // accepted, rejected
        for round in 0..<rounds {
            var input = files[Int(rng.next() % UInt64(files.count))]
            for _ in 0..<(1 + Int(rng.next() % 4)) { Self.mutate(&input, other: files[Int(rng.next() % UInt64(files.count))], &rng) }
            do {
                outcomes[try FuzzEntryPoints.run(target, input).isAccepted ? 0 : 1] += 1
            } catch {
                Issue.record("\(target) round \(round): \(error); input \(input.prefix(64))")
            }
        }
        // Damage to index files is caught as well as let through: the mutations reach the checks.
        if target != .htmlExtractor {
            #expect(outcomes[1] > 0, "\(target): every mutation accepted")
        }
        #expect(outcomes[0] + outcomes[1] == rounds)
    }

    /// The seeds the fixture index makes now are the committed ones: a change to the index
    /// format or the fixture shows up here (then regenerate with `quarry-fuzz --seeds`, or run
    /// this test with `QUARRY_WRITE_FUZZ_SEEDS=1`, which writes them into the corpus folders).
    @Test(arguments: FuzzTarget.allCases.filter { !FuzzEntryPoints.generatedSeeds(for: $0).isEmpty })
    func committedSeedsMatchTheFixture(target: FuzzTarget) throws {
        if ProcessInfo.processInfo.environment["QUARRY_WRITE_FUZZ_SEEDS"] == "1" {
            for seed in FuzzEntryPoints.generatedSeeds(for: target) {
                try Data(seed.bytes).write(to: Self.corpusFolder(target).appendingPathComponent(seed.name))
            }
        }
        let committed = Dictionary(uniqueKeysWithValues: try Self.corpus(target).map { ($0.name, $0.bytes) })
        for seed in FuzzEntryPoints.generatedSeeds(for: target) {
            #expect(committed[seed.name] == seed.bytes, "\(target)/\(seed.name) differs from the fixture's")
        }
    }

    /// One random change: a byte flipped or set, bytes inserted, removed or duplicated, the input
    /// cut short, a run of another input spliced in, or a 4-byte field set to an extreme value.
    static func mutate(_ bytes: inout [UInt8], other: [UInt8], _ rng: inout SplitMix) {
        func at(_ count: Int) -> Int { count == 0 ? 0 : Int(rng.next() % UInt64(count)) }
        switch rng.next() % 8 {
        case 0 where !bytes.isEmpty: bytes[at(bytes.count)] ^= UInt8(1 << (rng.next() % 8))
        case 1 where !bytes.isEmpty: bytes[at(bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
        case 2: bytes.insert(contentsOf: (0..<(1 + at(8))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at(bytes.count + 1))
        case 3 where !bytes.isEmpty:
            let start = at(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + at(16)))
        case 4 where !bytes.isEmpty:
            let start = at(bytes.count)
            bytes.insert(contentsOf: bytes[start..<min(bytes.count, start + 1 + at(32))], at: at(bytes.count + 1))
        case 5: bytes = Array(bytes.prefix(at(bytes.count + 1)))
        case 6 where !other.isEmpty:
            let start = at(other.count)
            bytes.insert(contentsOf: other[start..<min(other.count, start + 1 + at(64))], at: at(bytes.count + 1))
        default:
            guard bytes.count >= 4 else { return }
            let value: UInt32 = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 127, 128, 255][at(8)]
            let start = at(bytes.count - 3)
            for i in 0..<4 { bytes[start + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        }
    }
}
