#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A test hook that makes file writes under one folder fail with "No space left on device" once a
/// byte budget is spent, as a full disk would. Off (and one lock-free check per buffer flush)
/// unless a test sets it.
final class WriteFaultInjection: @unchecked Sendable {
    static let shared = WriteFaultInjection()

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var folder: String?
    private var remaining = 0
    /// Read without the lock on the write path: a stale `false` only matters to the test that sets it.
    private var armed = false

    private init() { pthread_mutex_init(mutex, nil) }

    /// After `bytes` more bytes are written to files under `folder`, every write there fails.
    /// Pass nil to turn the hook off.
    func setBudget(_ bytes: Int?, forFilesUnder folder: String) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        self.folder = bytes == nil ? nil : (folder.hasSuffix("/") ? folder : folder + "/")
        remaining = bytes ?? 0
        armed = bytes != nil
    }

    /// Whether `count` bytes may be written to `path`; false means fail the write with ENOSPC.
    @inline(__always)
    func allows(_ count: Int, to path: String) -> Bool {
        if !armed { return true }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard let folder, path.hasPrefix(folder) else { return true }
        if count > remaining {
            remaining = 0
            return false
        }
        remaining -= count
        return true
    }
}
