import Foundation

/// Runs the in-process server's tasks on a Dispatch queue of its own instead of the shared
/// cooperative pool. That pool has one thread per core, and the test runner also runs long
/// synchronous tests on it (indexing, kill loops, processes waited for): on a two-core machine two
/// such tests would leave the server no thread to answer with, and a client would wait for a reply
/// that cannot come. Dispatch adds threads to this queue when its jobs block.
final class ServerExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ServerExecutor()

    private let queue = DispatchQueue(label: "quarry.test-server", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
