import Foundation

/// Runs one piece of work on a thread of its own while the caller does something else;
/// ``wait()`` returns its result or rethrows its error.
///
/// The work must not share mutable state with what the caller does meanwhile (the merger gives it
/// the document stores while it merges postings itself).
final class BackgroundTask<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written by the task's thread before `done` is signalled, read after.
    private var outcome: Result<Value, Error>?

    init(_ work: @escaping () throws -> Value) {
        let box = UncheckedBox(work)
        let thread = Thread { [self] in
            outcome = Result { try box.value() }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the work to end; returns its value or rethrows its error. Call once.
    func wait() throws -> Value {
        done.wait()
        return try outcome!.get()
    }
}

/// Hands a value that is used by one thread at a time to another thread.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
