import Foundation
import Testing
import Quarry

/// The repository's `Corpus/` indexed once by `quarry index`, shared by the read-only CLI tests.
/// Built in a subprocess that the tests await, so no test thread blocks while it runs.
struct CorpusIndex: Sendable {
    /// The index folder.
    var path: String
    /// The `quarry index` run that built it.
    var build: CLIResult
    /// Files under Corpus/ with an extension `quarry index` takes (hidden entries excluded).
    var indexableFiles: Int

    static let basePath = FileManager.default.temporaryDirectory.path + "/quarry-corpus-\(UUID().uuidString)"

    static let shared = Task<CorpusIndex, any Error> {
        try FileManager.default.createDirectory(atPath: basePath, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: CorpusIndex.basePath) }
        let path = basePath + "/index"
        // Generous: a debug build takes about 30 s of CPU for the corpus, more on a busy machine.
        let build = try await QuarryCLI.run(["index", QuarryCLI.corpusPath, "--index", path], timeout: 600)
        return CorpusIndex(path: path, build: build, indexableFiles: countIndexableFiles(QuarryCLI.corpusPath))
    }

    /// The shared index; fails the calling test when it could not be built.
    static func get() async throws -> CorpusIndex {
        let corpus = try await shared.value
        try #require(corpus.build.succeeded, "building the corpus index failed: \(corpus.build)")
        return corpus
    }

    static func countIndexableFiles(_ root: String) -> Int {
        let extensions = [".txt", ".md", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".jsonl.gz"]
        guard let walker = FileManager.default.enumerator(at: URL(fileURLWithPath: root), includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return 0 }
        // Plain names listed in the root's .quarryignore (the corpus lists its own README).
        let ignoredNames = Set(((try? String(contentsOfFile: root + "/.quarryignore", encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty })
        var count = 0
        for case let url as URL in walker {
            if ignoredNames.contains(url.lastPathComponent) { continue }
            let name = url.lastPathComponent.lowercased()
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            if extensions.contains(where: { name.hasSuffix($0) }) { count += 1 }
        }
        return count
    }
}

enum Fixture {
    /// Writes `text` to `path`, creating parent folders.
    static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// A gzip file holding `bytes` in stored (uncompressed) deflate blocks: valid gzip without zlib.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var offset = 0
        repeat {
            let n = min(65_535, bytes.count - offset)
            let last = offset + n == bytes.count
            out.append(last ? 1 : 0)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += bytes[offset..<offset + n]
            offset += n
        } while offset < bytes.count
        let crc = crc32(bytes)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((crc >> UInt32(shift)) & 0xFF)) }
        let size = UInt32(truncatingIfNeeded: bytes.count)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((size >> UInt32(shift)) & 0xFF)) }
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Small documents with distinctive words, for indexes built through the library.
    static let documents: [SourceDocument] = [
        SourceDocument(id: "d0", title: "Granite quarry", body: "The granite quarry near the river employs forty workers."),
        SourceDocument(id: "d1", title: "River barges", body: "Barges carry granite blocks down the river to the harbour."),
        SourceDocument(id: "d2", title: "Harbour cranes", body: "Tall cranes lift the blocks from barges onto ships in the harbour."),
        SourceDocument(id: "d3", title: "Stone masons", body: "Masons cut and polish granite and marble for old churches."),
        SourceDocument(id: "d4", title: "Marble", body: "Marble is softer than granite; masons prefer it for statues."),
        SourceDocument(id: "d5", title: "Workers' union", body: "The quarry workers formed a union to ask for safer blasting."),
    ]

    /// Builds an index of `documents` in `path` with one commit. The default documents' index is
    /// written once per test run and copied (a commit fsyncs, which is slow on a busy disk).
    @discardableResult
    static func buildIndex(at path: String, documents: [SourceDocument] = Fixture.documents) throws -> [String] {
        if documents == Fixture.documents {
            try copyIndex(from: try pristine.get(), to: path)
        } else {
            try writeIndex(at: path, documents: documents)
        }
        return try segmentFiles(in: path)
    }

    static func writeIndex(at path: String, documents: [SourceDocument], storeCompression: StoreCompression? = nil) throws {
        let writer = try IndexWriter(path: path, storeCompression: storeCompression)
        defer { writer.close() }
        for document in documents { try writer.add(document) }
        try writer.commit()
    }

    private static let pristineBase = FileManager.default.temporaryDirectory.path + "/quarry-pristine-\(UUID().uuidString)"

    private static let pristine: Result<String, any Error> = Result {
        atexit { try? FileManager.default.removeItem(atPath: Fixture.pristineBase) }
        let path = pristineBase + "/index"
        try writeIndex(at: path, documents: documents)
        try? FileManager.default.removeItem(atPath: path + "/write.lock")
        return path
    }

    /// The `seg-*` files in an index folder, sorted.
    static func segmentFiles(in path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasPrefix("seg-") }.sorted()
    }

    /// Copies an index folder (files only).
    static func copyIndex(from source: String, to destination: String) throws {
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: destination + "/" + name)
        }
    }

    /// XORs the byte at `offset` of the file at `path` with `mask`.
    static func flipByte(in path: String, at offset: Int, mask: UInt8 = 0x5A) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset] ^= mask
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }

    static func truncate(_ path: String, to length: Int) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try Data(bytes.prefix(length)).write(to: URL(fileURLWithPath: path))
    }

    static func contents(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
