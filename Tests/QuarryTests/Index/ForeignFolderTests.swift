import Foundation
import Testing
@testable import Quarry

/// A writer never deletes files it did not make: it refuses a non-empty folder that holds no index
/// unless the folder carries the marker of its own unfinished first run.
@Suite struct ForeignFolderTests {
    @Test func nonEmptyFolderWithoutIndexIsRefusedAndLeftAlone() async throws {
        let dir = TemporaryDirectory("quarry-foreign")
        let folder = dir.sub("mine")
        let userFiles = ["seg-1-1.terms", "seg-1-1.store", "notes.txt"]
        for name in userFiles { try Fixture.write("user data \(name)", to: folder + "/" + name) }
        try Fixture.write("granite blocks", to: dir.sub("docs/a.txt"))
        let result = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", folder])
        #expect(result.exitedCleanly && result.status == 1, "\(result)")
        #expect(result.stderr.contains("is not empty and holds no index"), "\(result)")
        for name in userFiles {
            #expect(try Fixture.contents(folder + "/" + name) == Array("user data \(name)".utf8), "\(name) changed")
        }
        #expect(throws: QuarryError.self) { _ = try IndexWriter(path: folder) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/quarry.manifest"))
    }

    /// A folder holding only a README and hidden files (as the repository's own `Index/` does) is
    /// an empty index folder: indexing into it works, twice, and leaves those files alone.
    @Test func folderWithOnlyAReadmeIsAccepted() async throws {
        let dir = TemporaryDirectory("quarry-foreign")
        let folder = dir.sub("Index")
        try Fixture.write("# Index/", to: folder + "/README.md")
        try Fixture.write("", to: folder + "/.gitkeep")
        try Fixture.write("granite blocks", to: dir.sub("docs/a.txt"))
        for _ in 0..<2 {
            let result = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", folder])
            #expect(result.succeeded, "\(result)")
        }
        let search = try await QuarryCLI.run(["search", "granite", "--index", folder])
        #expect(search.succeeded && search.stdout.contains("a.txt"), "\(search)")
        #expect(try Fixture.contents(folder + "/README.md") == Array("# Index/".utf8))
        #expect(FileManager.default.fileExists(atPath: folder + "/.gitkeep"))
    }

    @Test func regularFileAsIndexIsNamedAsAFile() async throws {
        let dir = TemporaryDirectory("quarry-foreign")
        try Fixture.write("not a folder", to: dir.sub("file.txt"))
        try Fixture.write("granite blocks", to: dir.sub("docs/a.txt"))
        for arguments in [["search", "granite"], ["index", dir.sub("docs")]] {
            let result = try await QuarryCLI.run(arguments + ["--index", dir.sub("file.txt")])
            #expect(result.exitedCleanly && result.status == 1, "\(result)")
            #expect(result.stderr.contains("is a file"), "\(result)")
            #expect(!result.stderr.contains("does not exist"), "\(result)")
        }
        #expect(try Fixture.contents(dir.sub("file.txt")) == Array("not a folder".utf8))
    }

    /// An interrupted first run (marker, leftover segment files, no manifest) may be resumed: the
    /// next writer takes the folder and its first commit removes the leftovers and the marker.
    @Test func unfinishedFirstRunIsResumed() throws {
        let dir = TemporaryDirectory("quarry-foreign")
        let folder = dir.sub("index")
        let first = try IndexWriter(path: folder)
        try first.add(SourceDocument(id: "a", title: "", body: "granite"))
        first.close()  // dies before committing
        #expect(FileManager.default.fileExists(atPath: folder + "/" + IndexDirectory.creatingMarkerName))
        try Fixture.write("leftover", to: folder + "/seg-1-9.terms")
        let second = try IndexWriter(path: folder)
        try second.add(SourceDocument(id: "b", title: "", body: "basalt"))
        try second.commit()
        second.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!names.contains("seg-1-9.terms"))
        #expect(!names.contains(IndexDirectory.creatingMarkerName))
        #expect(try Searcher(indexPath: folder).count("basalt") == 1)
    }
}
