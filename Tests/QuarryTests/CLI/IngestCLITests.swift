import Foundation
import Testing
@testable import Quarry

/// `quarry index` on mixed and damaged inputs, and `--append` versus the default replace.
@Suite("CLI: indexing inputs")
struct IngestCLITests {
    static func count(_ query: String, index: String) async throws -> Int {
        let result = try await QuarryCLI.run(["search", query, "--index", index, "--json"])
        try #require(result.succeeded, "\(result)")
        return try #require(try result.json()["total"] as? Int)
    }

    static func ids(_ query: String, index: String) async throws -> [String] {
        let result = try await QuarryCLI.run(["search", query, "--index", index, "--json", "-k", "100"])
        try #require(result.succeeded, "\(result)")
        let hits = try #require(try result.json()["hits"] as? [[String: Any]])
        return hits.compactMap { $0["id"] as? String }
    }

    static func documentCount(_ index: String) async throws -> Int {
        let result = try await QuarryCLI.run(["stats", "--index", index, "--json"])
        try #require(result.succeeded, "\(result)")
        return try #require(try result.json()["documents"] as? Int)
    }

    @Test func mixedFolderSkipsBadInputsWithOneWarningEach() async throws {
        let dir = TemporaryDirectory("quarry-ingest")
        let input = dir.sub("input")
        try Fixture.write("""
            {"id": "j1", "title": "Aardvark notes", "body": "the aardvark digs burrows at night"}
            {"id": "j2", "title": "Pangolin notes", "body": "the pangolin rolls into a ball"}

            """, to: input + "/animals.jsonl")
        let gz = """
            {"id": "g1", "title": "Okapi", "body": "the okapi lives in the ituri forest"}
            {"id": "g2", "title": "Tapir", "body": "the tapir has a short trunk"}

            """
        try Fixture.write(Fixture.gzip(Array(gz.utf8)), to: input + "/more/animals.jsonl.gz")
        try Fixture.write("Narwhal\n\nThe narwhal has a long tusk.\n", to: input + "/good.txt")
        // Invalid UTF-8 inside otherwise readable text: indexed, the bad bytes replaced.
        try Fixture.write(Array("Quokka\n\nthe quokka smiles ".utf8) + [0xC3, 0x28, 0xFF, 0xFE, 0x80] + Array(" on rottnest island\n".utf8),
                          to: input + "/latin.txt")
        // A binary file with a text extension.
        var binary: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        for i in 0..<2048 { binary.append(UInt8(truncatingIfNeeded: i &* 37)) }
        try Fixture.write(binary, to: input + "/x.txt")
        try Fixture.write([], to: input + "/empty.html")
        try FileManager.default.createSymbolicLink(atPath: input + "/dangling.txt", withDestinationPath: dir.sub("does-not-exist.txt"))
        // Not an indexable extension: ignored silently.
        try Fixture.write("aardvark aardvark", to: input + "/notes.csv")

        let index = dir.sub("index")
        let result = try await QuarryCLI.run(["index", input, "--index", index])
        #expect(result.succeeded, "\(result)")

        let warnings = result.stderrLines
        #expect(warnings.allSatisfy { $0.hasPrefix("warning: skipped ") }, "\(result)")
        for bad in ["x.txt", "empty.html", "dangling.txt"] {
            #expect(warnings.filter { $0.contains(bad) }.count == 1, "exactly one warning names \(bad): \(warnings)")
        }
        #expect(warnings.count == 3, "\(warnings)")
        #expect(!warnings.contains { $0.contains("latin.txt") || $0.contains("notes.csv") || $0.contains("animals") })

        let summary = try #require(result.stdoutLines.first)
        #expect(summary.hasPrefix("Indexed 6 documents (3 skipped)"), "\(summary)")
        #expect(result.stdout.contains("Replaced"), "the invalid UTF-8 replacements are reported: \(result)")

        #expect(try await Self.documentCount(index) == 6)
        #expect(try await Self.ids("aardvark", index: index) == ["j1"], "notes.csv must not be indexed")
        #expect(try await Self.ids("pangolin", index: index) == ["j2"])
        #expect(try await Self.ids("okapi ituri", index: index) == ["g1"])
        #expect(try await Self.ids("tapir", index: index) == ["g2"])
        #expect(try await Self.ids("narwhal", index: index) == ["good.txt"])
        #expect(try await Self.ids("quokka rottnest", index: index) == ["latin.txt"])
        #expect(try await Self.count("burrows", index: index) == 1)
    }

    @Test func appendAddsAndDefaultMirrors() async throws {
        let dir = TemporaryDirectory("quarry-append")
        try Fixture.write("Alpha\n\nalpha words about glaciers\n", to: dir.sub("a/alpha.txt"))
        try Fixture.write("Beta\n\nbeta words about glaciers\n", to: dir.sub("a/beta.txt"))
        try Fixture.write("Gamma\n\ngamma words about volcanoes\n", to: dir.sub("b/gamma.txt"))
        let index = dir.sub("index")

        let first = try await QuarryCLI.run(["index", dir.sub("a"), "--index", index])
        #expect(first.succeeded && first.stdout.hasPrefix("Indexed 2 documents"), "\(first)")
        #expect(try await Self.documentCount(index) == 2)

        let appended = try await QuarryCLI.run(["index", dir.sub("b"), "--index", index, "--append"])
        // The summary says what changed and the whole index's size, with no ratio to this run's text.
        #expect(appended.succeeded && appended.stdout.hasPrefix("Updated \(index): 1 added, 0 updated, 0 deleted, 0 unchanged"), "\(appended)")
        #expect(appended.stdout.contains("; index now ") && !appended.stdout.contains("% of the text"), "\(appended)")
        #expect(try await Self.documentCount(index) == 3)
        #expect(try await Self.count("glaciers", index: index) == 2)
        #expect(try await Self.ids("volcanoes", index: index) == ["gamma.txt"])
        // Statistics are index-wide after an append: every document matches "words".
        #expect(try await Self.count("words", index: index) == 3)
        let check = try await QuarryCLI.run(["check", "--index", index])
        #expect(check.succeeded && check.stdout.contains("3 documents"), "\(check)")

        // Without --append, the index is brought in line with the paths given: a's files are gone.
        let replaced = try await QuarryCLI.run(["index", dir.sub("b"), "--index", index])
        #expect(replaced.succeeded && replaced.stdout.hasPrefix("Updated \(index): 0 added, 0 updated, 2 deleted, 1 unchanged"), "\(replaced)")
        #expect(try await Self.documentCount(index) == 1)
        #expect(try await Self.count("glaciers", index: index) == 0, "the replaced documents are gone")
        #expect(try await Self.ids("volcanoes", index: index) == ["gamma.txt"])
        // Replacing leaves only the new commit's segment files behind.
        let stats = try await QuarryCLI.run(["stats", "--index", index, "--json"])
        let segments = try #require(try stats.json()["segments"] as? Int)
        let files = try Fixture.segmentFiles(in: index)
        #expect(files.count == 5 * segments, "\(files)")
    }

    /// `index --append` commits a new small segment beside the old one (a small update does not
    /// rewrite the index), and `merge` then joins them; after each step only the live segments'
    /// files remain (merged-away segments' files once stayed behind).
    @Test
    func appendLeavesOnlyLiveSegmentFiles() async throws {
        let dir = TemporaryDirectory("quarry-append")
        try Fixture.write("One\n\nfirst lighthouse\n", to: dir.sub("a/one.txt"))
        try Fixture.write("Two\n\nsecond lighthouse\n", to: dir.sub("b/two.txt"))
        let index = dir.sub("index")
        #expect(try await QuarryCLI.run(["index", dir.sub("a"), "--index", index]).succeeded)
        #expect(try await QuarryCLI.run(["index", dir.sub("b"), "--index", index, "--append"]).succeeded)
        let stats = try await QuarryCLI.run(["stats", "--index", index, "--json"])
        #expect(try stats.json()["segments"] as? Int == 2)
        #expect(try Fixture.segmentFiles(in: index).count == 10)
        #expect(try await QuarryCLI.run(["merge", "--index", index]).succeeded)
        let files = try Fixture.segmentFiles(in: index)
        #expect(files.count == 5, "files of merged-away segments left behind: \(files)")
        #expect(try await Self.count("lighthouse", index: index) == 2)
    }

    @Test func noMergeKeepsSegmentsAndMergeJoinsThem() async throws {
        let dir = TemporaryDirectory("quarry-merge")
        try Fixture.write("One\n\nfirst lighthouse keeper\n", to: dir.sub("a/one.txt"))
        try Fixture.write("Two\n\nsecond lighthouse keeper\n", to: dir.sub("b/two.txt"))
        let index = dir.sub("index")
        #expect(try await QuarryCLI.run(["index", dir.sub("a"), "--index", index]).succeeded)
        #expect(try await QuarryCLI.run(["index", dir.sub("b"), "--index", index, "--append", "--no-merge"]).succeeded)
        let before = try await QuarryCLI.run(["stats", "--index", index, "--json"])
        #expect(try before.json()["segments"] as? Int == 2, "\(before)")
        let merge = try await QuarryCLI.run(["merge", "--index", index])
        #expect(merge.succeeded && merge.stdout.hasPrefix("Merged 2 segments into 1"), "\(merge)")
        #expect(try await Self.count("lighthouse keeper", index: index) == 2)
        #expect(try Fixture.segmentFiles(in: index).count == 5)
    }
}

/// `quarry index` on damaged JSON Lines: one clear warning per damaged file, bad lines listed up
/// to a limit per file.
@Suite("CLI: damaged JSON Lines")
struct DamagedJSONLinesCLITests {
    @Test func crcMismatchIsOneWarningAndTheRecordsAreIndexed() async throws {
        let dir = TemporaryDirectory("quarry-cli-gzip")
        var gz = Fixture.gzip(GzipDamageTests.lines(20_000))
        gz[gz.count - 7] ^= 0x10
        try Fixture.write(gz, to: dir.sub("big.jsonl.gz"))
        let result = try await QuarryCLI.run(["index", dir.sub("big.jsonl.gz"), "--index", dir.sub("index")])
        #expect(result.succeeded, "\(result)")
        #expect(result.stderrLines == ["warning: \(dir.sub("big.jsonl.gz")) is damaged: CRC mismatch in the gzip trailer of member 1; the 20000 records read before it were kept"], "\(result)")
        #expect(result.stdout.contains("Indexed 20000 documents (0 skipped, 1 damaged file)"), "\(result)")
        #expect(try IndexReader(path: dir.sub("index")).documentCount == 20_000)
    }

    @Test func badLinesAreListedUpToTenPerFile() async throws {
        let dir = TemporaryDirectory("quarry-cli-badlines")
        var text = Array("{\"id\": \"ok\", \"body\": \"granite\"}\n".utf8)
        for i in 0..<25 { text += Array("garbled line \(i)\n".utf8) }
        try Fixture.write(text, to: dir.sub("a.jsonl"))
        try Fixture.write(Array("{\"id\": \"b\", \"body\": \"granite\"}\nbad\n".utf8), to: dir.sub("b.jsonl"))
        let result = try await QuarryCLI.run(["index", dir.sub("a.jsonl"), dir.sub("b.jsonl"), "--index", dir.sub("index"), "--json"])
        #expect(result.succeeded, "\(result)")
        let lines = result.stderrLines
        #expect(lines.count == 12, "\(result)")
        #expect(lines.prefix(10).allSatisfy { $0.hasPrefix("warning: skipped \(dir.sub("a.jsonl")):") }, "\(result)")
        #expect(lines.dropFirst(10).first == "warning: skipped 15 more bad lines of \(dir.sub("a.jsonl")) (only the first 10 are listed)", "\(result)")
        #expect(lines.last == "warning: skipped \(dir.sub("b.jsonl")):2: expected '{' at the start of the line (column 1)", "\(result)")
        let report = try result.json()
        #expect(report["skipped"] as? Int == 26 && report["docs"] as? Int == 2 && report["damaged"] as? Int == 0, "\(result)")
    }
}
