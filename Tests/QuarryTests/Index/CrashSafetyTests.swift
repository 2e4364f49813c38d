import Foundation
import Testing
@testable import Quarry

/// A writer that never commits must leave the last commit untouched, and its files must be
/// cleaned up by the next writer; the lock keeps writers apart.
@Suite("Index: commits and crash safety")
struct CrashSafetyTests {
    /// Everything a reader observes, to compare two points in time.
    struct Snapshot: Equatable {
        var documentCount: Int
        var generation: UInt64
        var results: [String: [String]]
        var scores: [String: [Float]]
        var storedIDs: [String]
    }

    static let queries = ["granite", "river barges", "\"granite quarry\"", "masons marble union", "harbour"]

    static func snapshot(_ path: String) throws -> Snapshot {
        let searcher = try Searcher(indexPath: path)
        var results: [String: [String]] = [:], scores: [String: [Float]] = [:]
        for query in queries {
            let found = try searcher.search(query, options: SearchOptions(limit: 100))
            results[query] = try found.hits.map { try searcher.document($0).id }
            scores[query] = found.hits.map(\.score)
        }
        let ids = try (0..<searcher.reader.documentCount).map { try searcher.reader.document($0).id }
        return Snapshot(documentCount: searcher.reader.documentCount, generation: searcher.reader.generation,
                        results: results, scores: scores, storedIDs: ids)
    }

    /// Documents with fresh words, enough of them to force several segment flushes at the 1 MiB minimum budget.
    static func intruders(_ count: Int, seed: UInt64 = 11) -> [SourceDocument] {
        var rng = SplitMix(seed: seed)
        return (0..<count).map { i in
            let words = (0..<120).map { _ in "zz\(rng.next() % 50_000)" }
            return SourceDocument(id: "x\(i)", title: "intruder \(i)", body: words.joined(separator: " "))
        }
    }

    static func liveSegments(_ path: String) throws -> Set<String> {
        Set(try IndexReader(path: path).manifest.segments.map(\.name))
    }

    /// `seg-*` files whose segment the manifest does not name.
    static func strayFiles(_ path: String) throws -> [String] {
        let live = try liveSegments(path)
        return try Fixture.segmentFiles(in: path).filter { name in
            !live.contains(String(name[..<name.lastIndex(of: ".")!]))
        }
    }

    @Test func uncommittedCreateWriterLeavesTheCommitIntact() throws {
        let dir = TemporaryDirectory("quarry-crash")
        let committedFiles = try Fixture.buildIndex(at: dir.path)
        let before = try Self.snapshot(dir.path)
        #expect(before.documentCount == Fixture.documents.count)
        #expect(before.results["granite"]?.count == 4)
        let manifest = try Fixture.contents(dir.sub("quarry.manifest"))

        // A writer that would replace everything "crashes" after flushing at least one segment.
        let writer = try IndexWriter(path: dir.path, mode: .create, memoryBudget: 1 << 20)
        var added = 0
        for document in Self.intruders(4000) {
            try writer.add(document)
            added += 1
            if added % 10 == 0, try Fixture.segmentFiles(in: dir.path).count >= committedFiles.count + 6 { break }
        }
        #expect(writer.pendingDocuments == added)
        #expect(try Self.snapshot(dir.path) == before, "a reader opened while the writer runs sees the commit")
        writer.close()

        #expect(try Fixture.contents(dir.sub("quarry.manifest")) == manifest)
        #expect(try Self.snapshot(dir.path) == before)
        #expect(try IndexChecker(path: dir.path).run().isHealthy)
        let stray = try Self.strayFiles(dir.path)
        try #require(stray.count >= 6, "precondition: the dropped writer left a flushed segment and more: \(stray)")

        // The next writer removes them; its commit leaves only the files the manifest names.
        let next = try IndexWriter(path: dir.path, mode: .append)
        #expect(try Self.strayFiles(dir.path).isEmpty, "leftovers removed when the next writer opens")
        try next.add(SourceDocument(id: "late", title: "Late", body: "granite arrives late"))
        try next.commit()
        next.close()
        let remaining = try Fixture.segmentFiles(in: dir.path)
        #expect(try Self.strayFiles(dir.path).isEmpty, "\(remaining)")
        let after = try Self.snapshot(dir.path)
        #expect(after.documentCount == Fixture.documents.count + 1)
        #expect(after.results["granite"]?.contains("late") == true)
        #expect(after.results["river barges"] == before.results["river barges"])
        let searcher = try Searcher(indexPath: dir.path)
        #expect(try searcher.search("zz17 zz42 intruder").hits.isEmpty, "nothing of the dropped writer is visible")
    }

    @Test func writerReleasedWithoutCloseAlsoLeavesTheCommitIntact() throws {
        let dir = TemporaryDirectory("quarry-crash")
        try Fixture.buildIndex(at: dir.path)
        let before = try Self.snapshot(dir.path)
        do {
            let writer = try IndexWriter(path: dir.path, mode: .create)
            for document in Self.intruders(50) { try writer.add(document) }
            // Dropped without commit() or close(): the lock goes with the object.
        }
        #expect(try Self.snapshot(dir.path) == before)
        let again = try IndexWriter(path: dir.path, mode: .append)
        again.close()
        #expect(try Self.strayFiles(dir.path).isEmpty)
    }

    @Test func leftoverManifestTempFileIsIgnoredAndRemoved() throws {
        let dir = TemporaryDirectory("quarry-crash")
        try Fixture.buildIndex(at: dir.path)
        let before = try Self.snapshot(dir.path)
        var garbage: [UInt8] = Array("QRRYMANI".utf8)
        var rng = SplitMix(seed: 5)
        for _ in 0..<300 { garbage.append(UInt8(truncatingIfNeeded: rng.next())) }
        try Fixture.write(garbage, to: dir.sub("quarry.manifest.tmp"))

        #expect(try Self.snapshot(dir.path) == before)
        #expect(try IndexChecker(path: dir.path).run().isHealthy)
        let stats = try IndexStats(reader: try IndexReader(path: dir.path))
        #expect(stats.documents == Fixture.documents.count)

        let writer = try IndexWriter(path: dir.path, mode: .append)
        #expect(!FileManager.default.fileExists(atPath: dir.sub("quarry.manifest.tmp")), "the next writer removes it")
        try writer.add(SourceDocument(id: "new", title: "New", body: "basalt columns"))
        try writer.commit()
        writer.close()
        #expect(try Self.snapshot(dir.path).documentCount == Fixture.documents.count + 1)
    }

    @Test func secondWriterIsLockedOut() throws {
        let dir = TemporaryDirectory("quarry-crash")
        try Fixture.buildIndex(at: dir.path)
        let first = try IndexWriter(path: dir.path, mode: .append)
        for mode in [IndexWriter.OpenMode.append, .create] {
            do {
                let second = try IndexWriter(path: dir.path, mode: mode)
                second.close()
                Issue.record("a second writer opened while the first holds the lock (\(mode))")
            } catch let error as QuarryError {
                guard case .locked = error else { Issue.record("expected .locked, got \(error)"); continue }
                #expect(error.description.contains("locked"))
                #expect(error.description.contains(dir.path))
            }
        }
        // The refused writers did not disturb the first one or the commit.
        try first.add(SourceDocument(id: "first", title: "First", body: "slate roof"))
        try first.commit()
        first.close()
        #expect(try Self.snapshot(dir.path).documentCount == Fixture.documents.count + 1)
        let third = try IndexWriter(path: dir.path, mode: .append)
        third.close()
    }

    @Test func commitWithoutNewDocuments() throws {
        let dir = TemporaryDirectory("quarry-crash")
        try Fixture.buildIndex(at: dir.path)
        let before = try Self.snapshot(dir.path)

        let writer = try IndexWriter(path: dir.path, mode: .append)
        try writer.commit()
        try writer.commit()
        writer.close()
        let after = try Self.snapshot(dir.path)
        #expect(after.documentCount == before.documentCount)
        #expect(after.results == before.results)
        #expect(after.scores == before.scores)
        #expect(after.generation > before.generation)
        #expect(try IndexChecker(path: dir.path).run().isHealthy)
        #expect(try Self.strayFiles(dir.path).isEmpty)

        // A create-mode writer that commits nothing publishes an empty, still readable index.
        let empty = try IndexWriter(path: dir.path, mode: .create)
        try empty.commit()
        empty.close()
        let searcher = try Searcher(indexPath: dir.path)
        #expect(searcher.reader.documentCount == 0)
        let results = try searcher.search("granite")
        #expect(results.hits.isEmpty && results.total == 0)
        #expect(try searcher.count("granite river") == 0)
        let report = try IndexChecker(path: dir.path).run()
        #expect(report.isHealthy && report.documents == 0, "\(report.problems)")
        #expect(try Fixture.segmentFiles(in: dir.path).isEmpty, "the replaced segments are removed")
    }

    @Test func openReaderSurvivesAReplacingCommit() throws {
        let dir = TemporaryDirectory("quarry-crash")
        try Fixture.buildIndex(at: dir.path)
        let before = try Self.snapshot(dir.path)
        let old = try Searcher(indexPath: dir.path)

        let writer = try IndexWriter(path: dir.path, mode: .create)
        for document in Self.intruders(20) { try writer.add(document) }
        try writer.commit()
        writer.close()
        // The old segments' files are gone from the folder, but the open reader still works.
        #expect(try Self.snapshot(dir.path).documentCount == 20)
        let hits = try old.search("granite", options: SearchOptions(limit: 100)).hits
        #expect(try hits.map { try old.document($0).id } == before.results["granite"])
        #expect(old.reader.documentCount == before.documentCount)
    }

    @Test func manyCommitsThenMergeKeepResults() throws {
        let dir = TemporaryDirectory("quarry-crash")
        let writer = try IndexWriter(path: dir.path)
        for document in Fixture.documents {
            try writer.add(document)
            try writer.commit()
        }
        #expect(try IndexReader(path: dir.path).manifest.segments.count == Fixture.documents.count)
        let before = try Self.snapshot(dir.path)
        try writer.forceMerge()
        writer.close()
        let after = try Self.snapshot(dir.path)
        #expect(try IndexReader(path: dir.path).manifest.segments.count == 1)
        #expect(after.results == before.results)
        #expect(after.storedIDs == before.storedIDs)
        for query in Self.queries {
            for (a, b) in zip(after.scores[query] ?? [], before.scores[query] ?? []) {
                #expect(abs(a - b) <= 1e-4 * max(1, abs(b)), "\(query): \(a) vs \(b)")
            }
        }
    }

    /// After `forceMerge()` only the merged segment's files may remain, including those of the last
    /// segment the writer flushed (once spared because the writer still took it for its open buffer).
    @Test
    func forceMergeRemovesMergedAwayFiles() throws {
        let dir = TemporaryDirectory("quarry-crash")
        let writer = try IndexWriter(path: dir.path)
        for document in Fixture.documents.prefix(3) {
            try writer.add(document)
            try writer.commit()
        }
        try writer.forceMerge()
        writer.close()
        #expect(try IndexReader(path: dir.path).manifest.segments.count == 1)
        let files = try Fixture.segmentFiles(in: dir.path)
        #expect(try Self.strayFiles(dir.path).isEmpty, "\(files)")
        #expect(files.count == 5, "\(files)")
    }

    /// At the smallest memory budget the writer accepts (1 MiB), small documents must still share
    /// segments: a segment per document would mean thousands of files for a modest input. The
    /// buffer's own preallocation (TermTable's initial arena and slots, about 1 MiB) already counts
    /// against the budget, so every `add` flushes. CLI: `quarry index Corpus/seed-article.txt
    /// Corpus/seed-article.html Corpus/README.md --index /tmp/x --memory-mb 1 --no-merge` → 3 segments.
    @Test
    func smallestMemoryBudgetStillBatchesDocuments() throws {
        let dir = TemporaryDirectory("quarry-budget")
        let writer = try IndexWriter(path: dir.path, memoryBudget: 1 << 20)
        for i in 0..<40 {
            try writer.add(SourceDocument(id: "s\(i)", title: "Note \(i)", body: "a short note about granite number \(i)"))
        }
        try writer.commit()
        writer.close()
        let segments = try IndexReader(path: dir.path).manifest.segments.count
        #expect(segments <= 2, "40 tiny documents (a few KB of postings) were written as \(segments) segments")
    }
}
