import Foundation
import Testing
@testable import Quarry

@Suite("Document source")
struct DocumentSourceTests {
    private static let pngHeader: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]

    private func ids(_ items: [IngestItem]) -> [String] {
        items.compactMap { item in
            if case .document(let document, _, _) = item { return document.id }
            return nil
        }
    }

    private func skips(_ items: [IngestItem]) -> [String: String] {
        var result: [String: String] = [:]
        for case .skipped(let source, let reason) in items { result[source] = reason }
        return result
    }

    @Test("walks folders in byte-wise path order with ids relative to the root")
    func orderAndIDs() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            let root = folder.appendingPathComponent("root")
            for path in ["b.txt", "a/z.txt", "a/b/c.md", "a-c.txt", "B.txt", "a.txt", "ä.txt", "a/b.txt"] {
                try IngestTestSupport.write("title of \(path)\nbody", to: "root/" + path, in: folder)
            }
            let (items, summary) = try IngestTestSupport.collect(DocumentSource(paths: [root.path]))
            let expected = ["B.txt", "a-c.txt", "a.txt", "a/b.txt", "a/b/c.md", "a/z.txt", "b.txt", "ä.txt"]
            #expect(ids(items) == expected)
            #expect(ids(items) == expected.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            #expect(summary.documents == 8)
            // Walking twice gives the same result.
            #expect(try IngestTestSupport.collect(DocumentSource(paths: [root.path])).items == items)
        }
    }

    @Test(".quarryignore keeps names, paths and whole folders out, from its folder down")
    func ignoreFiles() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            let root = folder.appendingPathComponent("root")
            for path in ["README.md", "keep.txt", "notes.tmp.txt", "drafts/a.txt", "sub/README.md", "sub/keep.md",
                         "sub/top-only.txt", "top-only.txt", "sub/deep/b.txt", "sub/deep/skip-here.txt", "other/skip-here.txt"] {
                try IngestTestSupport.write("title of \(path)\nbody", to: "root/" + path, in: folder)
            }
            try IngestTestSupport.write("# comments and blank lines are skipped\n\nREADME.md\n*.tmp.txt  \ndrafts/\n/top-only.txt\n",
                                        to: "root/.quarryignore", in: folder)
            try IngestTestSupport.write("deep/skip-here.txt\n", to: "root/sub/.quarryignore", in: folder)
            let (items, summary) = try IngestTestSupport.collect(DocumentSource(paths: [root.path]))
            #expect(ids(items) == ["keep.txt", "other/skip-here.txt", "sub/deep/b.txt", "sub/keep.md", "sub/top-only.txt"])
            // README.md twice, notes.tmp.txt, drafts/, top-only.txt and sub/deep/skip-here.txt.
            #expect(summary.ignoredFiles == 6)
            #expect(summary.hiddenEntries == 2)
        }
    }

    @Test("documents carry title, body, size and replacement count")
    func documentContent() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            try IngestTestSupport.write(Array("Title\nbad ".utf8) + [0xFF], to: "t.txt", in: folder)
            try IngestTestSupport.write("<title>Page</title><p>Hello <b>world</b></p>", to: "p.html", in: folder)
            let (items, _) = try IngestTestSupport.collect(DocumentSource(paths: [folder.path]))
            #expect(items == [
                .document(SourceDocument(id: "p.html", title: "Page", body: "Hello world"), sourceBytes: 44, replacedInvalidBytes: 0),
                .document(SourceDocument(id: "t.txt", title: "Title", body: "bad \u{FFFD}"), sourceBytes: 11, replacedInvalidBytes: 1),
            ])
        }
    }

    @Test("selects files by extension, ignores others and hidden entries")
    func selection() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            for path in ["a.TXT", "b.md", "c.text", "d.html", "e.HTM", "f.xhtml", "g.pdf", "h.json", "i", "j.txt.bak",
                         ".hidden.txt", ".git/config.txt", "sub/.secret/x.txt"] {
                try IngestTestSupport.write("Text of \(path)", to: path, in: folder)
            }
            try IngestTestSupport.write("{\"id\": \"k1\", \"body\": \"x\"}\n", to: "k.jsonl", in: folder)
            try IngestTestSupport.write(try IngestTestSupport.bytes(of: IngestTestSupport.fixture("jsonl/sample.jsonl.gz")), to: "l.jsonl.gz", in: folder)
            let (items, summary) = try IngestTestSupport.collect(DocumentSource(paths: [folder.path]))
            #expect(ids(items) == ["a.TXT", "b.md", "c.text", "d.html", "e.HTM", "f.xhtml", "k1", "a1", "42", "c3"])
            #expect(summary.ignoredFiles == 4)
            #expect(summary.hiddenEntries == 3)
            #expect(skips(items) == [
                folder.appendingPathComponent("l.jsonl.gz").path + ":3": "expected ',' or '}' after a value (column 40)",
                folder.appendingPathComponent("l.jsonl.gz").path + ":6": "no text",
            ])
        }
    }

    @Test("a file given directly uses its file name as id; unknown types given directly are reported")
    func directFiles() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            try IngestTestSupport.write("Direct\ntext", to: "deep/down/direct.txt", in: folder)
            try IngestTestSupport.write("data", to: "deep/data.csv", in: folder)
            let file = folder.appendingPathComponent("deep/down/direct.txt").path
            let csv = folder.appendingPathComponent("deep/data.csv").path
            let (items, _) = try IngestTestSupport.collect(DocumentSource(paths: [file, csv]))
            #expect(ids(items) == ["direct.txt"])
            #expect(skips(items) == [csv: "unsupported file type"])
        }
    }

    @Test("a missing path is reported and listed in the summary")
    func missingPath() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            try IngestTestSupport.write("Here\n", to: "here.txt", in: folder)
            let missing = folder.appendingPathComponent("gone").path
            let (items, summary) = try IngestTestSupport.collect(DocumentSource(paths: [missing, folder.path]))
            #expect(items.first == .skipped(source: missing, reason: "no such file or directory"))
            #expect(ids(items) == ["here.txt"])
            #expect(summary.missingPaths == [missing])
        }
    }

    @Test("unreadable, binary, empty and oversized files are skipped with a reason")
    func skippedFiles() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            let path = { (name: String) in folder.appendingPathComponent(name).path }
            try IngestTestSupport.write(Self.pngHeader + [UInt8](repeating: 0, count: 100), to: "image.txt", in: folder)
            try IngestTestSupport.write([UInt8](), to: "empty.txt", in: folder)
            try IngestTestSupport.write("<html><head><script>x()</script></head><body> </body></html>", to: "blank.html", in: folder)
            try IngestTestSupport.write(String(repeating: "big ", count: 1000), to: "large.md", in: folder)
            try IngestTestSupport.write("fine\n", to: "ok.txt", in: folder)
            try FileManager.default.createSymbolicLink(atPath: path("dangling.txt"), withDestinationPath: path("nowhere"))
            #expect(mkfifo(path("pipe.txt"), 0o644) == 0)
            try IngestTestSupport.write("secret\n", to: "locked.txt", in: folder)
            #expect(chmod(path("locked.txt"), 0) == 0)
            let canBypassPermissions = access(path("locked.txt"), R_OK) == 0  // e.g. running as root

            let (items, summary) = try IngestTestSupport.collect(DocumentSource(paths: [folder.path], maxFileBytes: 2000))
            var expected = [
                path("blank.html"): "no text",
                path("dangling.txt"): "broken symbolic link",
                path("empty.txt"): "no text",
                path("image.txt"): "binary file",
                path("large.md"): "file too large (4000 bytes, limit 2000)",
                path("pipe.txt"): "not a regular file",
            ]
            if !canBypassPermissions { expected[path("locked.txt")] = "permission denied" }
            #expect(skips(items) == expected)
            #expect(ids(items) == (canBypassPermissions ? ["locked.txt", "ok.txt"] : ["ok.txt"]))
            #expect(summary.skipped == expected.count)
        }
    }

    @Test("a folder named like a text file is walked as a folder; reading a folder as a file fails cleanly")
    func folderWithFileExtension() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            try IngestTestSupport.write("Inner\n", to: "notes.txt/inner.md", in: folder)
            let (items, _) = try IngestTestSupport.collect(DocumentSource(paths: [folder.path]))
            #expect(ids(items) == ["notes.txt/inner.md"])
            #expect(throws: IngestError(reason: "is a directory")) {
                _ = try FileAccess.readAll(folder.appendingPathComponent("notes.txt").path, limit: 1 << 20)
            }
        }
    }

    @Test("an unreadable folder is reported")
    func unreadableFolder() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            try IngestTestSupport.write("x\n", to: "closed/a.txt", in: folder)
            let closed = folder.appendingPathComponent("closed").path
            #expect(chmod(closed, 0) == 0)
            guard access(closed, R_OK) != 0 else { return }  // permissions do not apply (root)
            let (items, _) = try IngestTestSupport.collect(DocumentSource(paths: [folder.path]))
            #expect(items == [.skipped(source: closed, reason: "permission denied")])
        }
    }

    @Test("symbolic link loops do not hang and folders are walked once")
    func symlinkLoop() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            try IngestTestSupport.write("Doc\n", to: "root/sub/doc.txt", in: folder)
            let root = folder.appendingPathComponent("root")
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("sub/loop").path, withDestinationPath: "..")
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("self").path, withDestinationPath: ".")
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.txt").path, withDestinationPath: "sub/doc.txt")
            let (items, _) = try IngestTestSupport.collect(DocumentSource(paths: [root.path]))
            #expect(ids(items) == ["link.txt", "sub/doc.txt"])
            #expect(Set(skips(items).values) == ["folder already visited (symbolic link loop or duplicate)"])
            #expect(skips(items).count == 2)
        }
    }

    @Test("an error thrown by the caller stops the walk and is rethrown")
    func callerError() throws {
        struct Stop: Error {}
        try IngestTestSupport.withTemporaryFolder { folder in
            try IngestTestSupport.write("{\"id\": \"1\"}\n{\"id\": \"2\", \"body\": \"b\"}\n", to: "a.jsonl", in: folder)
            try IngestTestSupport.write("t\n", to: "b.txt", in: folder)
            var seen = 0
            #expect(throws: Stop.self) {
                try DocumentSource(paths: [folder.path]).forEach { _ in
                    seen += 1
                    throw Stop()
                }
            }
            #expect(seen == 1)
        }
    }
}
