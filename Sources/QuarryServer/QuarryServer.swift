import Foundation
import Hummingbird
import Logging
import NIOCore
import Quarry

/// The search service behind `quarry serve`: a Hummingbird application answering search, document,
/// statistics and health requests from the index's current commit, and (with an API key) taking
/// writes that a background writer commits at most once per commit interval.
///
/// Searches run concurrently on the shared, immutable ``Searcher`` of the commit that was current
/// when they started; each commit swaps in a new one atomically, so searches never wait for writes.
public final class QuarryServer: Sendable {
    public let configuration: ServerConfiguration
    private let snapshots: SnapshotStore
    private let writer: ServerWriter?

    /// Checks the configuration and opens the index (and, with an API key, its writer, which holds
    /// the index's writer lock until the server stops).
    public init(configuration: ServerConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        let snapshots = SnapshotStore(try IndexSnapshot(indexPath: configuration.indexPath))
        self.snapshots = snapshots
        writer = configuration.apiKey == nil ? nil : try ServerWriter(
            indexPath: configuration.indexPath, snapshots: snapshots,
            interval: configuration.commitInterval, mergeAfterCommits: configuration.mergeAfterCommits,
            mergeLimitBytes: configuration.mergeLimitBytes,
            maximumWait: configuration.limits.maximumWriteWait)
    }

    /// Checks the index's commit generation every `interval` and opens the new commit when it
    /// changed (a failed open is retried at the next check), until cancelled.
    static func followCommits(snapshots: SnapshotStore, indexPath: String, every interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard let generation = try? IndexReader.committedGeneration(path: indexPath),
                  generation != snapshots.snapshot.generation,
                  let reopened = try? IndexSnapshot(indexPath: indexPath) else { continue }
            snapshots.replace(with: reopened)
        }
    }

    /// Live documents in the commit searches currently see.
    public var documentCount: Int { snapshots.snapshot.searcher.reader.liveDocumentCount }

    /// Whether writes are accepted (an API key was given).
    public var acceptsWrites: Bool { writer != nil }

    /// Serves until the task is cancelled (or, with `handleSignals`, until SIGINT or SIGTERM), then
    /// commits pending writes and releases the index.
    /// - Parameter onListening: called once with the bound port (useful with port 0).
    public func run(handleSignals: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let responder = QuarryResponder(snapshots: snapshots, writer: writer,
                                        authorization: WriteAuthorization(apiKey: configuration.apiKey),
                                        limits: configuration.limits)
        var logger = Logger(label: "quarry-serve")
        logger.logLevel = configuration.quiet ? .critical : .warning
        let listening = LockedValue(false)
        let (idleSeconds, idleAttoseconds) = configuration.limits.maximumIdleTime.components
        let idleTimeout = TimeAmount.nanoseconds(idleSeconds * 1_000_000_000 + idleAttoseconds / 1_000_000_000)
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: idleTimeout)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quarry"),
            onServerRunning: { channel in
                listening.value = true
                await onListening(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        // Without a writer of its own, the server follows commits other processes make.
        let follower = writer == nil ? Task { [snapshots, configuration] in
            await Self.followCommits(snapshots: snapshots, indexPath: configuration.indexPath, every: configuration.commitInterval)
        } : nil
        defer { follower?.cancel() }
        do {
            if handleSignals { try await app.runService() } else { try await app.run() }
        } catch {
            await writer?.close()
            // Before it listens, the server fails only on its address: say which and why.
            if !listening.value, let plain = ListenError.describe(error, host: configuration.host, port: configuration.port) { throw plain }
            throw error
        }
        await writer?.close()
    }
}
