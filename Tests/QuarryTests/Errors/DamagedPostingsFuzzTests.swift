import Foundation
import Testing
@testable import Quarry

/// Random damage to the postings and positions of an index with long, dense posting lists (full
/// blocks, scatter windows, position checkpoints) never crashes a search: every query mode either
/// answers or throws a corruption error.
@Suite struct DamagedPostingsFuzzTests {
    @Test func randomByteDamageNeverCrashes() throws {
        let dir = TemporaryDirectory("quarry-fuzz")
        let index = dir.sub("index")
        let docs = RandomCorpus.documents(count: 3000, vocabularySize: 40, maxLength: 14, seed: 31)
        let writer = try IndexWriter(path: index)
        for d in docs { try writer.add(d) }
        try writer.commit()
        writer.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: index)
        let targets = names.filter { $0.hasSuffix(".postings") || $0.hasSuffix(".positions") }.sorted()
        try #require(targets.count == 2)
        let originals = try targets.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: index + "/" + $0))) }
        let words = RandomCorpus.vocabulary(40)
        let queries: [(String, SearchOptions)] = [
            ("\(words[0]) \(words[1]) \(words[5])", SearchOptions(limit: 10, mode: .any, countTotal: false)),
            ("\(words[0]) \(words[1])", SearchOptions(limit: 10, mode: .all, countTotal: false)),
            ("\(words[0]) \(words[2]) \(words[3])", SearchOptions(limit: 10, mode: .all)),
            ("\"\(words[0]) \(words[1])\"", SearchOptions(limit: 10)),
            ("\"\(words[1]) \(words[0]) \(words[1])\" \(words[4])", SearchOptions(limit: 5, mode: .all)),
        ]
        var rng = SplitMix(seed: 8)
        var trials = 0
        for _ in 0..<120 {
            let t = Int(rng.next() % 2)
            var damaged = originals[t]
            // Inside the body: header and footer damage is caught by other checks.
            let offset = FileFormat.headerSize + Int(rng.next() % UInt64(damaged.count - FileFormat.headerSize - FileFormat.footerSize))
            damaged[offset] ^= UInt8(1 + rng.next() % 255)
            try Data(damaged).write(to: URL(fileURLWithPath: index + "/" + targets[t]))
            defer { try? Data(originals[t]).write(to: URL(fileURLWithPath: index + "/" + targets[t])) }
            let searcher = try Searcher(indexPath: index)
            for (text, options) in queries {
                do {
                    _ = try searcher.search(text, options: options)
                } catch {
                    #expect(LibraryErrorTests.isCorrupt(error), "\(targets[t]) byte \(offset): \(error)")
                }
            }
            do { _ = try searcher.count("\(words[0]) \(words[1]) \(words[2])") } catch {
                #expect(LibraryErrorTests.isCorrupt(error), "\(error)")
            }
            trials += 1
        }
        #expect(trials == 120)
    }
}
