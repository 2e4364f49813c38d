import Dispatch
import Foundation
import Quarry

/// The server's single index writer: takes writes from requests, commits them at most once per
/// ``ServerConfiguration/commitInterval`` and then swaps a fresh ``IndexSnapshot`` into the store.
///
/// Every writer operation runs on one private serial queue (an `IndexWriter` is not thread-safe, and
/// its commits fsync), so request tasks only wait for their own write to be buffered, never for a
/// commit, and searches never wait at all. A search sees a write once the commit after it is done.
final class ServerWriter: @unchecked Sendable {
    // Everything below is touched only on `queue`.
    private let queue = DispatchQueue(label: "quarry.server.writer", qos: .utility)
    private var writer: IndexWriter?
    private let indexPath: String
    private let snapshots: SnapshotStore
    private let interval: Duration
    private let mergeAfterCommits: Int
    private var pendingDocuments = 0
    private var commitScheduled = false
    private var lastCommit: DispatchTime?
    private var commitsSinceMerge = 0
    private var commits = 0
    private var lastError: String?

    /// Opens the index at `indexPath` for appending (taking its writer lock until ``close()``).
    init(indexPath: String, snapshots: SnapshotStore, interval: Duration, mergeAfterCommits: Int) throws {
        self.indexPath = indexPath
        self.snapshots = snapshots
        self.interval = interval
        self.mergeAfterCommits = mergeAfterCommits
        writer = try IndexWriter(path: indexPath, mode: .append, memoryBudget: 256 << 20)
    }

    /// What the writer has done, for `GET /stats`.
    struct Status: Sendable {
        var pendingDocuments: Int
        var commits: Int
        var lastError: String?
    }

    var status: Status {
        get async { await run { Status(pendingDocuments: self.pendingDocuments, commits: self.commits, lastError: self.lastError) } }
    }

    /// Adds each document, replacing a live document with the same id; they become searchable at
    /// the next commit. Returns the number of documents waiting for that commit.
    ///
    /// If writing fails, every write since the last commit is dropped (the committed index is
    /// unchanged) and the error says so.
    func upsert(_ documents: [SourceDocument]) async throws -> Int {
        try await run {
            guard let writer = self.writer else { throw APIError(.serviceUnavailable, "the server is shutting down") }
            do {
                for document in documents { try writer.update(document) }
            } catch {
                let dropped = self.pendingDocuments
                self.pendingDocuments = 0
                self.lastError = "\(error)"
                throw APIError(.internalServerError, "writing failed: \(error); the \(dropped + documents.count) documents written since the last commit were dropped")
            }
            self.pendingDocuments += documents.count
            self.scheduleCommit()
            return self.pendingDocuments
        }
    }

    /// Deletes the live document with this id; true if there was one.
    func delete(id: String) async throws -> Bool {
        try await run {
            guard let writer = self.writer else { throw APIError(.serviceUnavailable, "the server is shutting down") }
            let deleted: Bool
            do {
                deleted = try writer.delete(id: id)
            } catch {
                let dropped = self.pendingDocuments
                self.pendingDocuments = 0
                self.lastError = "\(error)"
                throw APIError(.internalServerError, "deleting failed: \(error); the \(dropped) changes made since the last commit were dropped")
            }
            if deleted {
                self.pendingDocuments += 1
                self.scheduleCommit()
            }
            return deleted
        }
    }

    /// Commits what is pending and releases the index lock; later writes answer 503.
    func close() async {
        await run {
            guard let writer = self.writer else { return }
            if self.pendingDocuments > 0 { self.commitNow() }
            writer.close()
            self.writer = nil
        }
    }

    // MARK: On the queue

    private func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    private func scheduleCommit() {
        guard !commitScheduled else { return }
        commitScheduled = true
        let now = DispatchTime.now()
        var due = now
        if let lastCommit {
            let next = lastCommit + .nanoseconds(Int(Self.nanoseconds(interval)))
            if next > now { due = next }
        }
        queue.asyncAfter(deadline: due) { [self] in
            commitScheduled = false
            commitNow()
        }
    }

    private func commitNow() {
        guard let writer, pendingDocuments > 0 else { return }
        do {
            try writer.commit()
            lastCommit = DispatchTime.now()
            pendingDocuments = 0
            commits += 1
            commitsSinceMerge += 1
            reopen()
            if commitsSinceMerge >= mergeAfterCommits {
                commitsSinceMerge = 0
                try writer.forceMerge()
                reopen()
            }
        } catch {
            // The writer dropped the uncommitted documents; the last commit stands.
            pendingDocuments = 0
            lastError = "commit failed: \(error)"
            Self.log("quarry serve: commit failed, pending writes dropped: \(error)")
        }
    }

    private func reopen() {
        do {
            snapshots.replace(with: try IndexSnapshot(indexPath: indexPath))
        } catch {
            lastError = "reopening after a commit failed: \(error)"
            Self.log("quarry serve: reopening the index after a commit failed (searches keep the previous commit): \(error)")
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private static func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
