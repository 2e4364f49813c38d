import Foundation
import Quarry
@testable import QuarryServer

/// An index in a fresh temporary folder and a server on a free loopback port, run in-process.
final class ServerHarness: @unchecked Sendable {
    let indexPath: String
    let server: QuarryServer
    let client: TestHTTPClient
    private let folder: String
    private let task: Task<Void, Error>

    static let apiKey = "test-key-0123456789"

    /// Builds an index of `documents` (and, with `corpus`, every file under that folder), with
    /// `extraFields` as its extra text fields, and starts a server on it; `apiKey` nil starts it
    /// read-only.
    init(documents: [SourceDocument], corpus: String? = nil, extraFields: [String]? = nil, apiKey: String? = ServerHarness.apiKey,
         limits: ServerLimits = ServerLimits(), commitInterval: Duration = .milliseconds(300),
         mergeAfterCommits: Int = 32, mergeLimitBytes: Int = IndexBuilder.defaultSingleSegmentLimit) async throws {
        folder = FileManager.default.temporaryDirectory.path + "/quarry-server-\(UUID().uuidString)"
        indexPath = folder + "/index"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let writer = try IndexWriter(path: indexPath, extraFields: extraFields)
        for document in documents { try writer.add(document) }
        if let corpus {
            _ = try DocumentSource(paths: [corpus]).forEach { item in
                if case .document(let document, _, _) = item { try writer.add(document) }
            }
        }
        try writer.commit()
        writer.close()
        var configuration = ServerConfiguration(indexPath: indexPath, host: "127.0.0.1", port: 0, apiKey: apiKey,
                                                limits: limits, commitInterval: commitInterval, mergeAfterCommits: mergeAfterCommits)
        configuration.mergeLimitBytes = mergeLimitBytes
        configuration.quiet = true
        server = try QuarryServer(configuration: configuration)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = self.server
        task = Task(executorPreference: ServerExecutor.shared) {
            try await server.run { port in continuation.yield(port); continuation.finish() }
        }
        var bound = 0
        for await port in ports { bound = port }
        guard bound > 0 else { throw TestHTTPClient.Failure(description: "the server did not start") }
        client = TestHTTPClient(port: bound)
    }

    /// Stops the server (committing pending writes) and removes the index.
    func stop() async {
        task.cancel()
        _ = try? await task.value
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The repository's root (for the bundled `Corpus/`).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// A handful of documents with known words.
    static let sampleDocuments: [SourceDocument] = [
        SourceDocument(id: "rocks/granite", title: "Granite", body: "Granite is a hard igneous rock cut in a quarry for building stone."),
        SourceDocument(id: "rocks/basalt", title: "Basalt columns", body: "Basalt cools into columns; it is a dark volcanic rock."),
        SourceDocument(id: "rocks/marble", title: "Marble", body: "Marble is metamorphic limestone, quarried for statues and floors."),
        SourceDocument(id: "tea", title: "Tea", body: "Green tea and black tea are brewed from the same leaves."),
        SourceDocument(id: "café notes", title: "Café — notes", body: "The café opens at nine; its granite counter is cold."),
    ]
}
