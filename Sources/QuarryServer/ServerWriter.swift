import Dispatch
import Foundation
import Quarry

/// The server's single index writer: takes writes from requests, commits them at most once per
/// ``ServerConfiguration/commitInterval`` and then swaps a fresh ``IndexSnapshot`` into the store.
///
/// Every writer operation runs on one private serial queue (an `IndexWriter` is not thread-safe, and
/// its commits fsync), so request tasks only wait for their own write to be buffered, never for a
/// commit, and searches never wait at all. A search sees a write once the commit after it is done.
/// A request that asks to (`wait=true`) is answered only once that commit is published to
/// searches, or with an error that says what became of its write.
final class ServerWriter: @unchecked Sendable {
    // Everything below is touched only on `queue`.
    private let queue = DispatchQueue(label: "quarry.server.writer", qos: .utility)
    private var writer: IndexWriter?
    private let indexPath: String
    private let snapshots: SnapshotStore
    private let interval: Duration
    private let mergeAfterCommits: Int
    /// The largest index the periodic merge rewrites into one segment.
    private let mergeLimitBytes: Int
    private var pendingDocuments = 0
    private var commitScheduled = false
    private var lastCommit: DispatchTime?
    private var commitsSinceMerge = 0
    private var commits = 0
    private var lastError: String?
    private let maximumWait: Duration
    /// Requests waiting for the next commit to be published, by ticket. Every waiter's write is in
    /// the pending writes (there are waiters only while some are pending), so the next commit,
    /// successful or not, or a failed write that drops the pending ones, answers all of them.
    private var waiters: [Int: @Sendable (Result<UInt64, APIError>) -> Void] = [:]
    private var nextTicket = 0
    /// A commit that succeeded but that searches do not see: reopening the index after it failed.
    private var unpublishedGeneration: UInt64?

    /// The index's extra text fields: the members of a posted document stored besides id, title and body.
    let extraFields: [String]

    /// Opens the index at `indexPath` for appending (taking its writer lock until ``close()``).
    /// - Parameter maximumWait: how long a write that waits for visibility waits at most.
    init(indexPath: String, snapshots: SnapshotStore, interval: Duration, mergeAfterCommits: Int,
         mergeLimitBytes: Int = IndexBuilder.defaultSingleSegmentLimit, maximumWait: Duration = .seconds(30)) throws {
        self.indexPath = indexPath
        self.snapshots = snapshots
        self.interval = interval
        self.mergeAfterCommits = mergeAfterCommits
        self.mergeLimitBytes = mergeLimitBytes
        self.maximumWait = maximumWait
        let writer = try IndexWriter(path: indexPath, mode: .append, memoryBudget: 256 << 20)
        self.writer = writer
        extraFields = writer.extraFields
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
    /// the next commit. Returns the number of documents waiting for that commit, and with
    /// `waitUntilVisible`, the generation of that commit once searches see it (see ``Visibility``).
    ///
    /// If writing fails, every write since the last commit is dropped (the committed index is
    /// unchanged) and the error says so.
    func upsert(_ documents: [SourceDocument], waitUntilVisible: Bool = false) async throws -> (pending: Int, generation: UInt64?) {
        try await write(waitUntilVisible: waitUntilVisible) { writer in
            do {
                for document in documents { try writer.update(document) }
            } catch {
                let dropped = self.pendingDocuments
                self.dropPending(because: "writing failed: \(error)")
                throw APIError(.internalServerError, "writing failed: \(error); the \(dropped + documents.count) documents written since the last commit were dropped")
            }
            self.pendingDocuments += documents.count
            self.scheduleCommit()
            return self.pendingDocuments
        }
    }

    /// Deletes the live document with this id; true if there was one. With `waitUntilVisible`, also
    /// the generation of the commit from which searches see the index as this delete left it.
    func delete(id: String, waitUntilVisible: Bool = false) async throws -> (deleted: Bool, generation: UInt64?) {
        try await write(waitUntilVisible: waitUntilVisible) { writer in
            let deleted: Bool
            do {
                deleted = try writer.delete(id: id)
            } catch {
                let dropped = self.pendingDocuments
                self.dropPending(because: "deleting failed: \(error)")
                throw APIError(.internalServerError, "deleting failed: \(error); the \(dropped) changes made since the last commit were dropped")
            }
            if deleted {
                self.pendingDocuments += 1
                self.scheduleCommit()
            }
            return deleted
        }
    }

    /// What a write that waits for visibility can end in besides success: each error's `write`
    /// member states what became of the write.
    enum Visibility {
        static func timedOut(after wait: Duration) -> APIError {
            var error = APIError(.serviceUnavailable, "the write was accepted but its commit was not published within \(ServerWriter.describe(wait)): it is still pending, and searches will see it after a later commit (GET /stats shows pending_documents and any last_write_error)")
            error.details = [("write", .string("pending"))]
            return error
        }

        static func dropped(_ reason: String) -> APIError {
            var error = APIError(.internalServerError, "the write was dropped, with every write since the last commit: \(reason); the committed index is unchanged, so send it again")
            error.details = [("write", .string("dropped"))]
            return error
        }

        static func unpublished(_ generation: UInt64, _ reason: String) -> APIError {
            var error = APIError(.serviceUnavailable, "the write was committed in generation \(generation), but searches do not see it yet: \(reason); they will once a later commit reopens the index")
            error.details = [("write", .string("committed")), ("generation", .int(Int(clamping: generation)))]
            return error
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

    /// Runs `body` (a write) on the queue; with `waitUntilVisible`, then waits, without holding the
    /// queue, until the commit holding everything written so far is published to searches, and
    /// returns its generation (the current one at once if nothing is pending).
    private func write<T: Sendable>(waitUntilVisible: Bool, _ body: @escaping @Sendable (IndexWriter) throws -> T) async throws -> (T, UInt64?) {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                let value: T
                do {
                    guard let writer else { throw APIError(.serviceUnavailable, "the server is shutting down") }
                    value = try body(writer)
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                guard waitUntilVisible else {
                    continuation.resume(returning: (value, nil))
                    return
                }
                awaitPublication { result in continuation.resume(with: result.map { (value, $0) }.mapError { $0 as Error }) }
            }
        }
    }

    /// Calls `done` once the writes pending now are visible to searches, or with the error that
    /// says why they are not.
    private func awaitPublication(_ done: @escaping @Sendable (Result<UInt64, APIError>) -> Void) {
        guard pendingDocuments > 0 else {
            if let unpublishedGeneration {
                done(.failure(Visibility.unpublished(unpublishedGeneration, lastError ?? "reopening the index failed")))
            } else {
                done(.success(snapshots.snapshot.generation))
            }
            return
        }
        let ticket = nextTicket
        nextTicket += 1
        waiters[ticket] = done
        let wait = maximumWait
        queue.asyncAfter(deadline: .now() + .nanoseconds(Int(Self.nanoseconds(wait)))) { [self] in
            waiters.removeValue(forKey: ticket)?(.failure(Visibility.timedOut(after: wait)))
        }
    }

    /// Answers every waiting request.
    private func resolveWaiters(_ result: Result<UInt64, APIError>) {
        let answered = waiters.values
        waiters.removeAll()
        for done in answered { done(result) }
    }

    /// After a failed write: the writer dropped everything since the last commit.
    private func dropPending(because reason: String) {
        pendingDocuments = 0
        lastError = reason
        resolveWaiters(.failure(Visibility.dropped("a write failed (\(reason))")))
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
        let before = writer.committedGeneration
        do {
            try writer.commit()
        } catch {
            // A commit that failed after publishing its manifest (only the folder's sync or the
            // cleanup failed) holds the pending writes; otherwise the writer dropped them.
            guard writer.committedGeneration != before else {
                pendingDocuments = 0
                lastError = "commit failed: \(error)"
                Self.log("quarry serve: commit failed, pending writes dropped: \(error)")
                resolveWaiters(.failure(Visibility.dropped("the commit failed (\(error))")))
                return
            }
            lastError = "commit \(writer.committedGeneration) was published but then failed: \(error)"
            Self.log("quarry serve: commit \(writer.committedGeneration) was published but then failed: \(error)")
        }
        lastCommit = DispatchTime.now()
        pendingDocuments = 0
        commits += 1
        commitsSinceMerge += 1
        let generation = writer.committedGeneration
        if reopen() {
            unpublishedGeneration = nil
            resolveWaiters(.success(snapshots.snapshot.generation))
        } else {
            unpublishedGeneration = generation
            resolveWaiters(.failure(Visibility.unpublished(generation, lastError ?? "reopening the index failed")))
        }
        // A large index is left to the tiered merges each commit runs: merging it whole would
        // rewrite all of it every few commits.
        if commitsSinceMerge >= mergeAfterCommits && writer.committedSegmentBytes <= mergeLimitBytes {
            commitsSinceMerge = 0
            do {
                try writer.forceMerge()
            } catch {
                // The commit stands; only the merge (its own commit) did not happen.
                lastError = "merging after commit \(generation) failed: \(error)"
                Self.log("quarry serve: merging the index failed (the commits before it stand): \(error)")
                return
            }
            if reopen() { unpublishedGeneration = nil }
        }
    }

    /// Opens the index's current commit for searches; false (keeping the previous one) on failure.
    private func reopen() -> Bool {
        do {
            snapshots.replace(with: try IndexSnapshot(indexPath: indexPath))
            return true
        } catch {
            lastError = "reopening after a commit failed: \(error)"
            Self.log("quarry serve: reopening the index after a commit failed (searches keep the previous commit): \(error)")
            return false
        }
    }

    /// `duration` as `30 s` or `250 ms`.
    static func describe(_ duration: Duration) -> String {
        let milliseconds = nanoseconds(duration) / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private static func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
