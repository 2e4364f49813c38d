import Foundation
import Testing

/// What one run of the `quarry` executable produced.
struct CLIResult: Sendable, CustomStringConvertible {
    var arguments: [String]
    var stdout: String
    var stderr: String
    /// The exit status, or the signal number when `signaled`.
    var status: Int32
    /// The process died from a signal (a crash, an abort, or our timeout).
    var signaled: Bool

    var exitedCleanly: Bool { !signaled }
    var succeeded: Bool { !signaled && status == 0 }
    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    /// Stdout parsed as one JSON object.
    func json() throws -> [String: Any] {
        let data = Data(stdout.utf8)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CLIError("stdout of `quarry \(arguments.joined(separator: " "))` is not a JSON object: \(stdout)")
        }
        return object
    }

    var description: String {
        "`quarry \(arguments.joined(separator: " "))` → \(signaled ? "signal" : "status") \(status)\n--- stdout:\n\(stdout.prefix(2000))\n--- stderr:\n\(stderr.prefix(2000))"
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Runs the real `quarry` executable that SwiftPM builds next to the test bundle.
enum QuarryCLI {
    /// The repository root, found from this file's location (Tests/QuarryTests/CLI/QuarryCLI.swift).
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var corpusPath: String { repositoryRoot + "/Corpus" }

    /// Folders where the build places the `quarry` binary: the folder of the running test executable
    /// (on Linux `QuarryPackageTests.xctest` is itself an executable in the build folder), the folder
    /// that holds the test bundle (macOS), and the folder of the test target's resource bundle.
    private static func candidateFolders() -> [URL] {
        var folders: [URL] = []
        if let override = ProcessInfo.processInfo.environment["QUARRY_EXECUTABLE_DIR"] {
            folders.append(URL(fileURLWithPath: override))
        }
        if let first = ProcessInfo.processInfo.arguments.first, first.contains("/") {
            let url = URL(fileURLWithPath: first).resolvingSymlinksInPath()
            folders.append(url.deletingLastPathComponent())
        }
        let main = Bundle.main.bundleURL
        folders.append(main)
        folders.append(main.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        return folders
    }

    /// The path of the built `quarry` executable, or an error saying where it was looked for.
    static let executable: Result<String, CLIError> = {
        let folders = candidateFolders()
        for folder in folders {
            let path = folder.appendingPathComponent("quarry").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: path) {
                return .success(path)
            }
        }
        return .failure(CLIError("""
            the `quarry` executable was not found next to the test bundle (looked in: \
            \(folders.map(\.path).joined(separator: ", "))). `swift test` normally builds it; \
            run `swift build` first, or set QUARRY_EXECUTABLE_DIR to the folder that holds it.
            """))
    }()

    /// Runs `quarry arguments…` and waits for it without blocking a thread; output goes through
    /// files, so a chatty process can never fill a pipe and stall. Killed after `timeout` seconds.
    static func run(_ arguments: [String], currentDirectory: String? = nil, timeout: Double = 180) async throws -> CLIResult {
        let binary = try executable.get()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }

        let finished = ProcessWaiter()
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let timedOut = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await finished.waitForever(); return false }
            group.addTask {
                do { try await Task.sleep(nanoseconds: UInt64(timeout * 1e9)); return true } catch { return false }
            }
            let first = await group.next()!
            // On a timeout, the waiting child still needs the process to end.
            if first { process.terminate() }
            group.cancelAll()
            return first
        }
        try? outHandle.close()
        try? errHandle.close()
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        if timedOut {
            throw CLIError("`quarry \(arguments.joined(separator: " "))` did not finish within \(Int(timeout)) s\n\(stderr)")
        }
        return CLIResult(arguments: arguments, stdout: stdout, stderr: stderr,
                         status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal)
    }
}

/// A one-shot completion flag that async code can await.
final class ProcessWaiter: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var done = false
    private var continuations: [CheckedContinuation<Void, Never>] = []

    func signal() {
        lock.lock()
        done = true
        let waiting = continuations
        continuations = []
        lock.unlock()
        for c in waiting { c.resume() }
    }

    func waitForever() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            lock.lock()
            if done { lock.unlock(); c.resume(); return }
            continuations.append(c)
            lock.unlock()
        }
    }
}
