import Foundation
import Testing
@testable import Quarry

/// `quarry index` on an existing index brings it in line with its folders: new files added,
/// changed ones indexed again, removed ones deleted, unchanged ones not read.
@Suite struct MirrorIndexingTests {
    let dir = TemporaryDirectory("mirror")
    var source: String { dir.sub("src") }
    var index: String { dir.sub("index") }

    init() throws {
        try FileManager.default.createDirectory(atPath: dir.sub("src/sub"), withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: source + "/" + name, atomically: false, encoding: .utf8)
    }

    /// Sets a file's modification time, so a rewrite within the same clock tick still looks changed
    /// (or, with the old time, unchanged).
    func setTime(_ name: String, _ seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: seconds)], ofItemAtPath: source + "/" + name)
    }

    func run(mode: IndexWriter.OpenMode = .append, removesMissing: Bool = true, paths: [String]? = nil) throws -> IndexBuilder.Progress {
        var builder = IndexBuilder(paths: paths ?? [source], indexPath: index, mode: mode)
        builder.removesMissing = removesMissing
        return try builder.run(onSkip: { _, _ in }, onProgress: { _ in }).progress
    }

    /// Live ids and, for each, the stored title and body (a text file's first line is its title).
    func contents() throws -> [String: String] {
        let reader = try IndexReader(path: index)
        var result: [String: String] = [:]
        for doc in 0..<reader.documentCount where !reader.isDeleted(doc) {
            let stored = try reader.document(doc)
            #expect(result[stored.id] == nil, "\(stored.id) is live twice")
            result[stored.id] = (stored.title + " " + stored.body).trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    @Test func addsUpdatesDeletesAndSkipsUnchanged() throws {
        try write("a.txt", "alpha one")
        try write("sub/b.txt", "beta two")
        try write("recs.jsonl", #"{"id":"r1","title":"","body":"red"}"# + "\n" + #"{"id":"r2","title":"","body":"green"}"# + "\n")
        let first = try run(mode: .create)
        #expect(first.documents == 4)
        #expect(try contents() == ["a.txt": "alpha one", "sub/b.txt": "beta two", "r1": "red", "r2": "green"])

        // Nothing changed: no file is read, nothing is written.
        let generation = try IndexReader(path: index).generation
        let second = try run()
        #expect(second.documents == 0 && second.unchangedFiles == 3 && second.unchanged == 4 && second.deleted == 0)
        #expect(try IndexReader(path: index).generation == generation, "an unchanged run commits nothing")

        // Changed, removed, new files; a JSONL record changed, one gone, one new.
        try write("a.txt", "alpha one, edited")
        try setTime("a.txt", 2_000_000_000)
        try FileManager.default.removeItem(atPath: source + "/sub/b.txt")
        try write("c.txt", "gamma three")
        try write("recs.jsonl", #"{"id":"r1","title":"","body":"red blue"}"# + "\n" + #"{"id":"r3","title":"","body":"black"}"# + "\n")
        try setTime("recs.jsonl", 2_000_000_000)
        let third = try run()
        #expect(third.documents == 4 && third.updated == 2 && third.deleted == 2 && third.unchanged == 0)
        #expect(try contents() == ["a.txt": "alpha one, edited", "c.txt": "gamma three", "r1": "red blue", "r3": "black"])
        let searcher = try Searcher(indexPath: index)
        #expect(try searcher.count("beta green") == 0)
        #expect(try searcher.count("edited") == 1)

        // A new time but the same bytes: compared by content, not indexed again.
        try setTime("c.txt", 2_100_000_000)
        let fourth = try run()
        #expect(fourth.documents == 0 && fourth.unchangedFiles == 3 && fourth.unchanged == 4)
        #expect(try IndexChecker(path: index).run().isHealthy)
    }

    /// A JSON Lines file seen for the first time is hashed while its records are read (no pass of
    /// its own): that hash must equal the one a later run computes to compare the file.
    @Test func aNewJSONLinesFileIsHashedWhileItIsRead() throws {
        let records = (1...3).map { #"{"id":"j\#($0)","title":"","body":"text \#($0)"}"# }.joined(separator: "\n") + "\n"
        try write("new.jsonl", records)
        let first = try run(mode: .create)
        #expect(first.documents == 3)

        // A new time, the same bytes: found unchanged by its hash, not read.
        try setTime("new.jsonl", 2_000_000_000)
        let second = try run()
        #expect(second.documents == 0 && second.unchangedFiles == 1 && second.unchanged == 3)

        // The same size, one byte changed (only the hash can tell): read again.
        try write("new.jsonl", records.replacingOccurrences(of: "text 2", with: "text X"))
        try setTime("new.jsonl", 2_100_000_000)
        let third = try run()
        #expect(third.documents == 3 && third.updated == 3)
        #expect(try contents()["j2"] == "text X")
    }

    @Test func appendDeletesNothingAndMissingPathsDeleteNothing() throws {
        try write("a.txt", "alpha")
        try write("b.txt", "beta")
        _ = try run(mode: .create)
        try FileManager.default.removeItem(atPath: source + "/b.txt")
        try write("recs.jsonl", #"{"id":"r1","title":"","body":"red"}"# + "\n")
        // Appending: b.txt's document stays.
        let appended = try run(removesMissing: false)
        #expect(appended.documents == 1 && appended.deleted == 0)
        #expect(Set(try contents().keys) == ["a.txt", "b.txt", "r1"])
        // A later mirror run deletes it.
        let mirrored = try run()
        #expect(mirrored.deleted == 1)
        #expect(Set(try contents().keys) == ["a.txt", "r1"])
        // Records dropped from a file while appending stay, and a mirror run still knows them.
        try write("recs.jsonl", #"{"id":"r2","title":"","body":"green"}"# + "\n")
        try setTime("recs.jsonl", 2_000_000_000)
        _ = try run(removesMissing: false)
        #expect(Set(try contents().keys) == ["a.txt", "r1", "r2"])
        try setTime("recs.jsonl", 2_100_000_000)
        try write("recs.jsonl", #"{"id":"r2","title":"","body":"green!"}"# + "\n")
        let last = try run()
        #expect(last.deleted == 1)
        #expect(Set(try contents().keys) == ["a.txt", "r2"])
    }

    @Test func aFileThatCannotBeReadKeepsItsDocument() throws {
        try write("a.txt", "alpha")
        try write("b.txt", "beta")
        _ = try run(mode: .create)
        // b.txt turns binary: skipped with a warning, and its indexed version is kept.
        try Data([0x00, 0x01, 0x02, 0x00, 0xFF] + [UInt8](repeating: 0, count: 64)).write(to: URL(fileURLWithPath: source + "/b.txt"))
        try setTime("b.txt", 2_000_000_000)
        let run2 = try run()
        #expect(run2.skipped == 1 && run2.deleted == 0)
        #expect(try contents()["b.txt"] == "beta")
    }

    @Test func aDocumentMovedBetweenFilesIsKept() throws {
        try write("one.jsonl", #"{"id":"m","title":"","body":"moving"}"# + "\n")
        try write("two.jsonl", #"{"id":"x","title":"","body":"other"}"# + "\n")
        _ = try run(mode: .create)
        try FileManager.default.removeItem(atPath: source + "/one.jsonl")
        try write("two.jsonl", #"{"id":"x","title":"","body":"other"}"# + "\n" + #"{"id":"m","title":"","body":"moved"}"# + "\n")
        try setTime("two.jsonl", 2_000_000_000)
        let moved = try run()
        #expect(moved.deleted == 0)
        #expect(try contents() == ["x": "other", "m": "moved"])
    }
}
