import Foundation
import Testing
@testable import Quarry

/// A commit is all or nothing: when a write fails part-way (a full disk, injected), the previous
/// commit is untouched, the failed run's files are gone, and a retry adds each document once.
/// Also: a merge refuses a damaged source segment instead of rewriting it with fresh checksums.
@Suite(.serialized) struct FailedCommitTests {
    static func documents(_ prefix: String, _ count: Int) -> [SourceDocument] {
        (0..<count).map { SourceDocument(id: "\(prefix)\($0)", title: "", body: "\(prefix)word common \(prefix)\($0 % 7)") }
    }

    /// Appends `docs` merging into one segment, with writes failing after `budget` bytes (nil: never).
    static func append(_ docs: [SourceDocument], to index: String, budget: Int?, merging: Bool = true) throws {
        WriteFaultInjection.shared.setBudget(budget, forFilesUnder: index)
        defer { WriteFaultInjection.shared.setBudget(nil, forFilesUnder: index) }
        let writer = try IndexWriter(path: index, mode: .append)
        defer { writer.close() }
        for d in docs { try writer.add(d) }
        try writer.commit(mergingSegments: merging)
    }

    @Test(arguments: [true, false])
    func fullDiskDuringAppendCommitsNothing(merging: Bool) throws {
        let dir = TemporaryDirectory("quarry-enospc")
        let index = dir.sub("index")
        try Self.append(Self.documents("old", 300), to: index, budget: nil)
        let before = try Set(FileManager.default.contentsOfDirectory(atPath: index))
        let generation = try IndexReader(path: index).generation
        let added = Self.documents("new", 200)
        var budget = 64
        var failures = 0
        while true {
            do {
                try Self.append(added, to: index, budget: budget, merging: merging)
                break
            } catch {
                failures += 1
                #expect("\(error)".contains("No space left on device"), "\(error)")
                // The previous commit, exactly: same generation, same files, same documents.
                #expect(try IndexReader(path: index).generation == generation)
                #expect(try Set(FileManager.default.contentsOfDirectory(atPath: index)) == before, "budget \(budget)")
                #expect(try Searcher(indexPath: index).count("newword") == 0)
                #expect(try Searcher(indexPath: index).count("oldword") == 300)
            }
            budget = budget * 3 / 2
        }
        #expect(failures > 3)
        // The retry that got through holds every document once.
        let searcher = try Searcher(indexPath: index)
        #expect(try searcher.count("newword") == 200)
        #expect(try searcher.count("oldword") == 300)
        #expect(searcher.reader.documentCount == 500)
        if merging { #expect(searcher.reader.manifest.segments.count == 1) }
    }

    /// A flush forced by the memory budget fails inside `add`: the run's files go too.
    @Test func fullDiskDuringAddLeavesNoFiles() throws {
        let dir = TemporaryDirectory("quarry-enospc")
        let index = dir.sub("index")
        try Self.append(Self.documents("old", 20), to: index, budget: nil)
        let before = try Set(FileManager.default.contentsOfDirectory(atPath: index))
        WriteFaultInjection.shared.setBudget(20_000, forFilesUnder: index)
        defer { WriteFaultInjection.shared.setBudget(nil, forFilesUnder: index) }
        let writer = try IndexWriter(path: index, mode: .append, memoryBudget: 1 << 20)
        var failed = false
        for d in CrashSafetyTests.intruders(3000) where !failed {
            do { try writer.add(d) } catch {
                failed = true
                #expect("\(error)".contains("No space left on device"), "\(error)")
            }
        }
        writer.close()
        #expect(failed)
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: index)) == before)
        #expect(try Searcher(indexPath: index).count("oldword") == 20)
    }

    @Test func mergeRefusesADamagedSegment() throws {
        let dir = TemporaryDirectory("quarry-launder")
        let index = dir.sub("index")
        try Self.append(Self.documents("old", 50), to: index, budget: nil)
        let segment = try IndexReader(path: index).manifest.segments[0].name
        // Damage one byte of the positions: its checksum no longer matches.
        let path = index + "/" + segment + ".positions"
        var bytes = try Fixture.contents(path)
        bytes[FileFormat.headerSize + 3] ^= 0x20
        try Fixture.write(bytes, to: path)
        #expect(throws: QuarryError.self) { try Self.append(Self.documents("new", 20), to: index, budget: nil) }
        // Nothing laundered: the damaged segment is still the committed one, and check still sees it.
        #expect(try IndexReader(path: index).manifest.segments.map(\.name) == [segment])
        #expect(try !IndexChecker(path: index).run().isHealthy)
        let writer = try IndexWriter(path: index, mode: .append)
        try writer.add(SourceDocument(id: "n", title: "", body: "newer"))
        try writer.commit()  // without merging, appending is fine
        #expect(throws: QuarryError.self) { try writer.forceMerge() }
        writer.close()
        #expect(try !IndexChecker(path: index).run().isHealthy)
    }

    @Test func mergingOneSegmentWritesNoCommit() throws {
        let dir = TemporaryDirectory("quarry-merge-one")
        let index = dir.sub("index")
        try Self.append(Self.documents("old", 10), to: index, budget: nil)
        let generation = try IndexReader(path: index).generation
        let writer = try IndexWriter(path: index, mode: .append)
        try writer.forceMerge()
        writer.close()
        #expect(try IndexReader(path: index).generation == generation)
    }
}
