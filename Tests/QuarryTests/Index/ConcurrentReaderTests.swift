import Foundation
import Testing
@testable import Quarry

/// Readers opened while a writer keeps committing (and deleting replaced segments) always open a
/// complete commit: every open succeeds and sees a document count some commit had.
@Suite("Index: readers during commits")
struct ConcurrentReaderTests {
    @Test func readersOpenWhileCommitsReplaceSegments() throws {
        let dir = TemporaryDirectory("quarry-concurrent")
        let path = dir.path
        do {
            let writer = try IndexWriter(path: path)
            try writer.add(SourceDocument(id: "seed", title: "seed", body: "alpha beta"))
            try writer.commit()
            writer.close()
        }
        let rounds = 40
        let done = ErrorBox()
        let writerThread = Thread {
            do {
                for round in 0..<rounds {
                    // Replace mode: every commit deletes the previous commit's segment files.
                    let writer = try IndexWriter(path: path, mode: .create)
                    for i in 0...(round % 5) {
                        try writer.add(SourceDocument(id: "\(round)-\(i)", title: "t", body: "alpha gamma \(i)"))
                    }
                    try writer.commit()
                    writer.close()
                }
            } catch {
                done.set(error)
            }
            done.set(CancellationError())
        }
        writerThread.start()
        var opened = 0
        while done.get() == nil {
            let reader = try IndexReader(path: path)
            #expect((1...5).contains(reader.documentCount))
            let hits = try Searcher(reader: reader).search("alpha", options: SearchOptions(limit: 10))
            #expect(hits.hits.count == reader.documentCount)
            opened += 1
        }
        #expect(done.get() is CancellationError, "the writer failed: \(String(describing: done.get()))")
        #expect(opened > 0)
    }

    @Test func createReplacesAnIndexWhoseManifestIsDamaged() throws {
        let dir = TemporaryDirectory("quarry-replace-damaged")
        let writer = try IndexWriter(path: dir.path)
        try writer.add(SourceDocument(id: "old", title: "old", body: "old words"))
        try writer.commit()
        writer.close()
        let manifest = dir.path + "/" + IndexDirectory.manifestName
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: manifest)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: manifest))
        #expect(throws: QuarryError.self) { try IndexReader(path: dir.path) }
        #expect(throws: QuarryError.self) { try IndexWriter(path: dir.path, mode: .append) }

        let replacing = try IndexWriter(path: dir.path, mode: .create)
        try replacing.add(SourceDocument(id: "new", title: "new", body: "fresh words"))
        try replacing.commit()
        replacing.close()
        let searcher = try Searcher(indexPath: dir.path)
        #expect(searcher.reader.documentCount == 1)
        let hit = try #require(try searcher.search("fresh").hits.first)
        #expect(try searcher.document(hit).id == "new")
        #expect(try IndexChecker(path: dir.path).run().isHealthy)
    }
}
