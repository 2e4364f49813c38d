import Foundation
import Quarry

/// One commit of the index, opened for searching: an immutable ``Searcher`` shared by every request
/// that started while it was current, and that commit's statistics (computed on first use).
final class IndexSnapshot: Sendable {
    let searcher: Searcher
    private let statsCache = LockedValue<IndexStats?>(nil)

    init(searcher: Searcher) {
        self.searcher = searcher
    }

    /// Opens the index's current commit.
    convenience init(indexPath: String) throws {
        self.init(searcher: try Searcher(indexPath: indexPath))
    }

    var generation: UInt64 { searcher.reader.generation }

    /// The commit's statistics. Walking every term dictionary is slow on a big index, so it is done
    /// once per commit, when first asked.
    func stats() throws -> IndexStats {
        if let cached = statsCache.value { return cached }
        let computed = try IndexStats(reader: searcher.reader)
        statsCache.value = computed
        return computed
    }
}

/// The snapshot searches use: replaced atomically after each commit. A search takes the reference
/// once, under a lock held only for that read, and runs on it however many commits happen meanwhile.
final class SnapshotStore: Sendable {
    private let current: LockedValue<IndexSnapshot>

    init(_ snapshot: IndexSnapshot) {
        current = LockedValue(snapshot)
    }

    var snapshot: IndexSnapshot { current.value }

    func replace(with snapshot: IndexSnapshot) {
        current.value = snapshot
    }
}

/// A value behind a lock (reads and writes are short: a reference or a small struct is copied).
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// Runs `body` on the value under the lock.
    func withValue<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&stored) }
    }
}
