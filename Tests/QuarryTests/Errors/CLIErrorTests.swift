import Foundation
import Testing
import Quarry

/// Every failure the CLI reports must be one `quarry: error: …` line on stderr and a non-zero exit,
/// never a crash; damaged index files must be named by `quarry check`.
@Suite("Errors: CLI")
struct CLIErrorTests {
    /// A run that failed the way the CLI promises: exit status 1 (not a signal), one error line.
    static func expectCleanError(_ result: CLIResult, mentioning words: [String] = [],
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.exitedCleanly, "crashed: \(result)", sourceLocation: sourceLocation)
        #expect(result.status == 1, "\(result)", sourceLocation: sourceLocation)
        let lines = result.stderrLines
        #expect(lines.count == 1, "exactly one line on stderr: \(result)", sourceLocation: sourceLocation)
        #expect(lines.first?.hasPrefix("quarry: error: ") == true, "\(result)", sourceLocation: sourceLocation)
        for word in words {
            #expect(result.stderr.lowercased().contains(word.lowercased()), "stderr should mention \(word): \(result)",
                    sourceLocation: sourceLocation)
        }
    }

    // Each run of the debug binary costs about 0.2 s of start-up, so the command lists stay short;
    // the library tests in this folder cover the same damage exhaustively in-process.
    static let commands: [[String]] = [["search", "granite"], ["stats"], ["check"], ["merge"]]

    @Test func missingIndexFolder() async throws {
        let dir = TemporaryDirectory("quarry-errors")
        let missing = dir.sub("no-such-index")
        for command in Self.commands {
            let result = try await QuarryCLI.run(command + ["--index", missing])
            Self.expectCleanError(result, mentioning: ["no-such-index", "does not exist"])
            #expect(result.stdout.isEmpty, "\(result)")
        }
        #expect(!FileManager.default.fileExists(atPath: missing), "reading commands must not create the folder")
    }

    @Test func folderThatIsNotAnIndex() async throws {
        let dir = TemporaryDirectory("quarry-errors")
        try Fixture.write("just a file", to: dir.sub("plain/readme.txt"))
        for command in Self.commands {
            let result = try await QuarryCLI.run(command + ["--index", dir.sub("plain")])
            Self.expectCleanError(result, mentioning: ["not a Quarry index", "quarry.manifest"])
        }
        // A regular file given as the index.
        let file = try await QuarryCLI.run(["search", "granite", "--index", dir.sub("plain/readme.txt")])
        Self.expectCleanError(file, mentioning: ["readme.txt"])
        #expect(try Fixture.contents(dir.sub("plain/readme.txt")) == Array("just a file".utf8))
    }

    @Test func corruptManifest() async throws {
        let dir = TemporaryDirectory("quarry-errors")
        try Fixture.buildIndex(at: dir.sub("good"))
        let size = try Fixture.fileSize(dir.sub("good/quarry.manifest"))
        // Body byte flipped (checksum), footer CRC flipped, truncated in the body, truncated to nothing.
        let damages: [(String, (String) throws -> Void, [String])] = [
            ("flip body byte", { try Fixture.flipByte(in: $0, at: size / 2) }, ["corrupt", "checksum"]),
            ("flip stored crc", { try Fixture.flipByte(in: $0, at: size - 1) }, ["corrupt", "checksum"]),
            ("truncate by 3", { try Fixture.truncate($0, to: size - 3) }, ["corrupt", "truncated"]),
            ("truncate to half", { try Fixture.truncate($0, to: size / 2) }, ["corrupt"]),
            ("empty", { try Fixture.truncate($0, to: 0) }, ["corrupt"]),
        ]
        for (label, damage, words) in damages {
            let index = dir.sub(label.replacingOccurrences(of: " ", with: "-"))
            try Fixture.copyIndex(from: dir.sub("good"), to: index)
            try damage(index + "/quarry.manifest")
            let commands = label == "flip body byte" ? [["search", "granite"], ["stats"], ["check"]] : [["search", "granite"]]
            for command in commands {
                let result = try await QuarryCLI.run(command + ["--index", index])
                Self.expectCleanError(result, mentioning: words + ["quarry.manifest"])
            }
        }
    }

    /// Damages one byte in the middle of a segment file's body; `check` must name the file and
    /// `search` must either answer or fail cleanly (every other byte: see ``LibraryErrorTests``).
    @Test(arguments: ["postings", "positions", "terms", "lengths", "store"])
    func flippedByteInSegmentFile(kind: String) async throws {
        let dir = TemporaryDirectory("quarry-errors")
        let index = dir.sub("index")
        let files = try Fixture.buildIndex(at: index)
        let name = try #require(files.first { $0.hasSuffix("." + kind) }, "\(files)")
        let size = try Fixture.fileSize(index + "/" + name)
        try Fixture.flipByte(in: index + "/" + name, at: (12 + size - 8) / 2)

        let check = try await QuarryCLI.run(["check", "--index", index])
        #expect(check.exitedCleanly && check.status == 1, "check must fail for \(name): \(check)")
        #expect(check.stdout.contains("problem: " + name), "check names \(name): \(check)")
        #expect(!check.stdout.contains("\nOK"), "\(check)")
        #expect(check.stderrLines.last?.hasPrefix("quarry: error: ") == true && check.stderr.contains("problem(s) found"), "\(check)")

        for arguments in [["granite river", "--json"], ["\"granite quarry\" masons", "--all"], ["granite marble", "--count"]] {
            let result = try await QuarryCLI.run(["search"] + arguments + ["--index", index])
            #expect(result.exitedCleanly, "search crashed on a damaged \(name): \(result)")
            #expect(result.status == 0 || result.status == 1, "\(result)")
            if result.status == 1 && arguments.contains("--json") {
                let object = try result.json()
                #expect(result.stderr.isEmpty && object["error"] is String, "\(result)")
            } else if result.status == 1 {
                #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("quarry: error: "), "\(result)")
            }
        }
    }

    /// The tail of a `.store` or `.terms` file holds its block index and trailer, with u64 offsets.
    /// Complementing any byte there must give a clean report, not a crash. It does not: with the
    /// byte XOR 0xFF at these offsets from the end of the file, `quarry check`, `stats` and `search`
    /// all die with "Fatal error: Not enough bits to represent the passed value" (SIGILL, shell
    /// status 132) from `Int(try r.u64())` while the segment is opened:
    /// - `.store` (DocumentStoreReader): `size - 17` (trailer's index offset, high byte) and
    ///   `size - 29` (last block's offset, high byte);
    /// - `.terms` (TermDictionaryReader.init): `size - 9` (term count), `size - 21` (index offset),
    ///   `size - 29` (last block's offset), and `size - 17` (block count, high byte: a ~4-billion
    ///   `reserveCapacity`).
    @Test(arguments: ["store", "terms"])
    func damagedOffsetInStoreOrTermsDoesNotCrash(kind: String) async throws {
        let dir = TemporaryDirectory("quarry-errors")
        let index = dir.sub("index")
        let files = try Fixture.buildIndex(at: index)
        let name = try #require(files.first { $0.hasSuffix("." + kind) })
        let path = index + "/" + name
        let size = try Fixture.fileSize(path)
        var crashed: [Int] = []
        for offset in max(12, size - 8 - 48)..<(size - 8) {
            try Fixture.flipByte(in: path, at: offset, mask: 0xFF)
            let check = try await QuarryCLI.run(["check", "--index", index])
            if !check.exitedCleanly { crashed.append(offset) }
            #expect(!check.exitedCleanly || (check.status == 1 && check.stdout.contains(name)), "\(name) byte \(offset): \(check)")
            try Fixture.flipByte(in: path, at: offset, mask: 0xFF)
        }
        #expect(crashed.isEmpty, "`quarry check` crashed for \(name) (size \(size)) with the byte at these offsets complemented: \(crashed)")
        try Fixture.flipByte(in: path, at: size - (kind == "store" ? 17 : 21), mask: 0xFF)
        let search = try await QuarryCLI.run(["search", "granite", "--index", index])
        Self.expectCleanError(search, mentioning: ["corrupt", name])
    }

    @Test(arguments: ["postings", "positions", "terms", "lengths", "store"])
    func truncatedSegmentFile(kind: String) async throws {
        let dir = TemporaryDirectory("quarry-errors")
        let index = dir.sub("index")
        let files = try Fixture.buildIndex(at: index)
        let name = try #require(files.first { $0.hasSuffix("." + kind) })
        try Fixture.truncate(index + "/" + name, to: try Fixture.fileSize(index + "/" + name) - 5)

        let search = try await QuarryCLI.run(["search", "granite", "--index", index])
        Self.expectCleanError(search, mentioning: ["corrupt", name])
        let check = try await QuarryCLI.run(["check", "--index", index])
        #expect(check.exitedCleanly && check.status == 1, "\(check)")
        #expect(check.stdout.contains("problem: " + name), "\(check)")
    }

    @Test func missingSegmentFile() async throws {
        let dir = TemporaryDirectory("quarry-errors")
        let index = dir.sub("index")
        let files = try Fixture.buildIndex(at: index)
        let name = try #require(files.first { $0.hasSuffix(".postings") })
        try FileManager.default.removeItem(atPath: index + "/" + name)
        Self.expectCleanError(try await QuarryCLI.run(["search", "granite", "--index", index]), mentioning: [name, "missing"])
        let check = try await QuarryCLI.run(["check", "--index", index])
        #expect(check.exitedCleanly && check.status == 1 && check.stdout.contains(name), "\(check)")
    }

    @Test(arguments: ["", "?!"])
    func queryWithNoWords(query: String) async throws {
        let dir = TemporaryDirectory("quarry-errors")
        try Fixture.buildIndex(at: dir.sub("index"))
        let count = try await QuarryCLI.run(["search", query, "--index", dir.sub("index"), "--count"])
        Self.expectCleanError(count, mentioning: ["bad query"])
        #expect(count.stdout.isEmpty, "\(count)")
        // With --json the same error is a JSON object on stdout, with the same exit code.
        let json = try await QuarryCLI.run(["search", query, "--index", dir.sub("index"), "--json"])
        #expect(json.exitedCleanly && json.status == count.status && json.stderr.isEmpty, "\(json)")
        #expect((try json.json()["error"] as? String)?.hasPrefix("bad query: ") == true, "\(json)")
    }

    @Test func missingInputLeavesTheIndexIntact() async throws {
        let dir = TemporaryDirectory("quarry-errors")
        let index = dir.sub("index")
        try Fixture.buildIndex(at: index)
        let manifest = try Fixture.contents(index + "/quarry.manifest")
        let files = try Fixture.segmentFiles(in: index)

        let result = try await QuarryCLI.run(["index", dir.sub("no-such-input"), "--index", index])
        Self.expectCleanError(result, mentioning: ["no-such-input"])
        #expect(try Fixture.contents(index + "/quarry.manifest") == manifest)
        #expect(try Fixture.segmentFiles(in: index) == files)
        let search = try await QuarryCLI.run(["search", "granite", "--index", index, "--json"])
        #expect(try search.json()["total"] as? Int == 4, "\(search)")
        let stats = try await QuarryCLI.run(["stats", "--index", index, "--json"])
        #expect(try stats.json()["documents"] as? Int == Fixture.documents.count)

        // One good path and one missing path: the missing one is reported and skipped.
        try Fixture.write("Kestrel\n\nkestrel hovering\n", to: dir.sub("good/k.txt"))
        let mixed = try await QuarryCLI.run(["index", dir.sub("good"), dir.sub("gone"), "--index", index])
        #expect(mixed.succeeded, "\(mixed)")
        // Files under a missing path would look deleted: nothing is deleted, and the run says so.
        #expect(mixed.stderrLines.count == 2 && mixed.stderr.contains("gone") && mixed.stderr.contains("not deleting"), "\(mixed)")
        let stillThere = try await QuarryCLI.run(["stats", "--index", index, "--json"])
        #expect(try stillThere.json()["documents"] as? Int == Fixture.documents.count + 1)
        let kestrel = try await QuarryCLI.run(["search", "kestrel", "--index", index, "--json"])
        #expect(try kestrel.json()["total"] as? Int == 1, "\(kestrel)")
    }

    @Test func nothingIndexableLeavesTheIndexIntact() async throws {
        let dir = TemporaryDirectory("quarry-errors")
        let index = dir.sub("index")
        try Fixture.buildIndex(at: index)
        let manifest = try Fixture.contents(index + "/quarry.manifest")
        let files = try Fixture.segmentFiles(in: index)

        try Fixture.write("a,b,c", to: dir.sub("junk/table.csv"))
        try Fixture.write([0, 1, 2, 3, 0, 0], to: dir.sub("junk/blob.bin"))
        try FileManager.default.createDirectory(atPath: dir.sub("junk/empty-folder"), withIntermediateDirectories: true)
        let result = try await QuarryCLI.run(["index", dir.sub("junk"), "--index", index])
        Self.expectCleanError(result, mentioning: ["no documents", "unchanged"])

        // Only unreadable inputs: each is warned about, then the same error.
        try Fixture.write([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0], to: dir.sub("bad/x.txt"))
        try Fixture.write([], to: dir.sub("bad/empty.html"))
        let bad = try await QuarryCLI.run(["index", dir.sub("bad"), "--index", index, "--append"])
        #expect(bad.exitedCleanly && bad.status == 1, "\(bad)")
        #expect(bad.stderrLines.filter { $0.hasPrefix("warning: skipped ") }.count == 2, "\(bad)")
        #expect(bad.stderrLines.last?.hasPrefix("quarry: error: ") == true, "\(bad)")

        #expect(try Fixture.contents(index + "/quarry.manifest") == manifest)
        #expect(try Fixture.segmentFiles(in: index) == files)
        let search = try await QuarryCLI.run(["search", "granite", "--index", index, "--json"])
        #expect(try search.json()["total"] as? Int == 4, "\(search)")
    }

    @Test func indexWhileAnotherWriterHoldsTheLock() async throws {
        let dir = TemporaryDirectory("quarry-errors")
        let index = dir.sub("index")
        try Fixture.buildIndex(at: index)
        try Fixture.write("Kestrel\n\nkestrel hovering\n", to: dir.sub("in/k.txt"))
        let writer = try IndexWriter(path: index, mode: .append)
        let result = try await QuarryCLI.run(["index", dir.sub("in"), "--index", index])
        Self.expectCleanError(result, mentioning: ["locked"])
        writer.close()
        let retry = try await QuarryCLI.run(["index", dir.sub("in"), "--index", index, "--append"])
        #expect(retry.succeeded, "after the lock is released the index can be written: \(retry)")
        let stats = try await QuarryCLI.run(["stats", "--index", index, "--json"])
        #expect(try stats.json()["documents"] as? Int == Fixture.documents.count + 1)
    }
}
