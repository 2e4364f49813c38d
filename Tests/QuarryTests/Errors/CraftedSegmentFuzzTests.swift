import Foundation
import Testing
@testable import Quarry

/// Crafted damage: bytes of a segment file (or the manifest) are changed and the CRC-32 footer is
/// then recomputed, so every checksum passes. Opening the index, searching it in every mode and
/// checking it must each either work or throw a `QuarryError` — never crash, hang or read out of
/// bounds — and `check` must find the damage whenever a search reported it.
@Suite struct CraftedSegmentFuzzTests {
    /// Rewrites the footer's CRC so that it matches the (changed) bytes before it.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        let crc = Checksum.crc32(Array(out[0..<(out.count - 4)]))
        for i in 0..<4 { out[out.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        return out
    }

    /// One random change inside the body: a flipped byte, or a 4- or 8-byte field set to an extreme
    /// or random value, or a long varint.
    static func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix) {
        let low = FileFormat.headerSize
        let high = bytes.count - FileFormat.footerSize
        let at = low + Int(rng.next() % UInt64(high - low))
        func put(_ value: UInt64, width: Int) {
            for i in 0..<width where at + i < high { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        }
        switch rng.next() % 7 {
        case 0, 1: bytes[at] ^= UInt8(1 + rng.next() % 255)
        case 2: put([0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 0, 1][Int(rng.next() % 5)], width: 4)
        case 3: put(rng.next(), width: 4)
        case 4: put([UInt64.max, UInt64(Int.max), UInt64(Int.max) - 7, 1 << 40][Int(rng.next() % 4)], width: 8)
        case 5: put(0xFFFF_FFFF_FFFF_FFFF, width: 9)  // a varint of 9+ continuation bytes
        default: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
        }
    }

    @Test(arguments: [".postings", ".positions", ".terms", ".lengths", ".manifest"])
    func resealedDamageIsReportedNeverCrashes(suffix: String) throws {
        let dir = TemporaryDirectory("quarry-crafted")
        let index = dir.sub("index")
        let docs = RandomCorpus.documents(count: 280, vocabularySize: 24, maxLength: 8, seed: 5)
        let writer = try IndexWriter(path: index)
        for d in docs { try writer.add(d) }
        try writer.commit()
        writer.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: index)
        let targets = names.filter { $0.hasSuffix(suffix) }
        try #require(targets.count == 1)
        let words = RandomCorpus.vocabulary(24)
        let queries: [(String, SearchOptions)] = [
            ("\(words[0]) \(words[1]) \(words[7])", SearchOptions(limit: 10, mode: .any, countTotal: false)),
            ("\(words[0]) \(words[1])", SearchOptions(limit: 10, mode: .all, countTotal: false)),
            ("\(words[2]) \(words[0]) \(words[5])", SearchOptions(limit: 10, mode: .all)),
            ("\"\(words[0]) \(words[1])\"", SearchOptions(limit: 10)),
            ("\"\(words[1]) \(words[0])\" \(words[2])", SearchOptions(limit: 3, mode: .all)),
        ]
        var rng = SplitMix(seed: 77 &+ UInt64(suffix.utf8.count))
        var outcomes = [0, 0]  // [searched without error, reported damage]
        for target in targets {
            let path = index + "/" + target
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            defer { try? Data(original).write(to: URL(fileURLWithPath: path)) }
            for trial in 0..<500 {
                var damaged = original
                let changes = 1 + Int(rng.next() % 3)
                for _ in 0..<changes { Self.mutate(&damaged, &rng) }
                try Data(Self.resealed(damaged)).write(to: URL(fileURLWithPath: path))
                var searchFailed: (any Error)? = nil
                do {
                    let searcher = try Searcher(indexPath: index)
                    for (text, options) in queries {
                        do {
                            let results = try searcher.search(text, options: options)
                            for hit in results.hits { _ = try searcher.document(hit) }
                        } catch {
                            searchFailed = error
                            #expect(error is QuarryError, "\(target) trial \(trial): \(error)")
                        }
                    }
                } catch {
                    searchFailed = error
                    #expect(error is QuarryError, "\(target) trial \(trial): \(error)")
                }
                var reported = searchFailed != nil
                do {
                    var checker = IndexChecker(path: index)
                    checker.readsStoredDocuments = false  // the store is not changed here, and slow to read
                    let report = try checker.run()
                    reported = reported || !report.isHealthy
                    // Damage a search reports, `check` reports too (a query with no words left
                    // under changed analyzer settings is not damage).
                    if let searchFailed, LibraryErrorTests.isCorrupt(searchFailed) {
                        #expect(!report.isHealthy, "\(target) trial \(trial): search failed (\(searchFailed)), check says OK")
                    }
                } catch {
                    reported = true
                    #expect(error is QuarryError, "\(target) trial \(trial): \(error)")
                }
                outcomes[reported ? 1 : 0] += 1
            }
        }
        // Both outcomes happen: the mutations are neither all harmless nor all reported.
        #expect(outcomes[0] > 0 && outcomes[1] > 0)
    }

    /// A manifest naming a segment outside the folder is refused.
    @Test func unsafeSegmentNamesAreRefused() throws {
        for bad in ["../seg-1-0", "a/b", "", "..", "seg\u{1B}1"] {
            let manifest = Manifest(generation: 1, analyzer: .standard, k1: 1.2, b: 0.75, fields: ["text"],
                                    segments: [.init(name: bad, documentCount: 1, fieldTokenTotals: [1], fileSizes: [:])])
            let bytes = manifest.encoded()
            #expect(throws: QuarryError.self) { _ = try bytes.withUnsafeBytes { try Manifest.decode($0, name: "m") } }
        }
        let good = Manifest(generation: 1, analyzer: .standard, k1: 1.2, b: 0.75, fields: ["text"],
                            segments: [.init(name: "seg-1-0", documentCount: 1, fieldTokenTotals: [1], fileSizes: [:])])
        #expect(try good.encoded().withUnsafeBytes { try Manifest.decode($0, name: "m") } == good)
    }
}
