import Foundation
@testable import Quarry

/// Fixture files and scratch folders for the ingest tests.
enum IngestTestSupport {
    /// The folder holding the ingest fixtures.
    static var fixtures: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("Ingest")
    }

    static func fixture(_ relativePath: String) -> URL {
        fixtures.appendingPathComponent(relativePath)
    }

    static func bytes(of url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    /// Runs `body` with a fresh empty folder that is removed afterwards.
    static func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-ingest-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            // Restore permissions so that everything can be removed.
            if let items = FileManager.default.enumerator(atPath: folder.path) {
                for case let item as String in items {
                    chmod(folder.appendingPathComponent(item).path, 0o755)
                }
            }
            try? FileManager.default.removeItem(at: folder)
        }
        return try body(folder)
    }

    /// Writes `content` to `relativePath` inside `folder`, creating intermediate folders.
    static func write(_ content: [UInt8], to relativePath: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content).write(to: url)
    }

    static func write(_ text: String, to relativePath: String, in folder: URL) throws {
        try write(Array(text.utf8), to: relativePath, in: folder)
    }

    /// Every item a source delivers, plus its summary.
    static func collect(_ source: DocumentSource) throws -> (items: [IngestItem], summary: IngestSummary) {
        var items: [IngestItem] = []
        let summary = try source.forEach { items.append($0) }
        return (items, summary)
    }

    /// Every record a JSON Lines reader delivers.
    static func records(_ reader: JSONLReader) throws -> [JSONLRecord] {
        var records: [JSONLRecord] = []
        try reader.forEach { records.append($0) }
        return records
    }
}
