import Foundation
import Testing
@testable import Quarry

/// A new index is merged into one segment while small; a larger one keeps the segments its
/// threads wrote, and answers the same.
@Suite struct NewIndexMergeTests {
    let dir = TemporaryDirectory("new-index-merge")

    func build(limit: Int, into name: String) throws -> IndexReader {
        let source = dir.sub("docs.jsonl")
        if !FileManager.default.fileExists(atPath: source) {
            var lines = ""
            var rng = SplitMix(seed: 11)
            let words = ["river", "stone", "quarry", "granite", "north", "valley", "bridge", "mill", "iron", "salt"]
            for i in 0..<600 {
                let body = (0..<(5 + Int(rng.next() % 30))).map { _ in words[Int(rng.next() % UInt64(words.count))] }
                lines += #"{"id":"d\#(i)","title":"doc \#(i)","body":"\#(body.joined(separator: " "))"}"# + "\n"
            }
            try lines.write(toFile: source, atomically: false, encoding: .utf8)
        }
        var builder = IndexBuilder(paths: [source], indexPath: dir.sub(name), mode: .create, memoryBudget: 1 << 20)
        builder.threads = 2
        builder.singleSegmentLimit = limit
        _ = try builder.run(onSkip: { _, _ in }, onProgress: { _ in })
        return try IndexReader(path: dir.sub(name))
    }

    @Test func aSmallNewIndexIsOneSegmentALargerOneKeepsItsThreadsSegments() throws {
        let merged = try build(limit: .max, into: "merged")
        #expect(merged.manifest.segments.count == 1)
        let kept = try build(limit: 0, into: "kept")
        #expect(kept.manifest.segments.count >= 2, "each indexing thread wrote a segment, and none was merged")
        #expect(kept.documentCount == merged.documentCount)
        #expect(try IndexChecker(path: dir.sub("kept")).run().isHealthy)

        // Same documents, same statistics: the same hits with the same scores.
        let a = Searcher(reader: merged), b = Searcher(reader: kept)
        for text in ["river stone", "quarry granite valley", "\"north valley\"", "+iron -salt", "mill*"] {
            let options = SearchOptions(limit: 20, countTotal: true)
            let x = try a.search(text, options: options), y = try b.search(text, options: options)
            #expect(x.total == y.total && x.total > 0, "\(text)")
            // The merge keeps the segments' order, so even ties come out in the same order.
            #expect(try x.hits.map { try merged.document($0.doc).id } == y.hits.map { try kept.document($0.doc).id }, "\(text)")
            for (h, k) in zip(x.hits, y.hits) { #expect(abs(h.score - k.score) < 1e-4, "\(text)") }
        }
    }
}
