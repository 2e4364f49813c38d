import Foundation

/// The per-process scratch folder of the fuzz fixtures: in shared memory (`/dev/shm`) when the
/// system has it, since the fixture indexes are written there and the `jsonLines` target writes a
/// file per input; removed when the process exits.
enum FuzzScratch {
    /// The process's scratch folder (created on first use).
    static let root: String = {
        var isDirectory: ObjCBool = false
        let shm = "/dev/shm"
        let base = FileManager.default.fileExists(atPath: shm, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.isWritableFile(atPath: shm)
            ? shm : FileManager.default.temporaryDirectory.path
        let path = base + "/quarry-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            fatalError("cannot create the fuzz scratch folder \(path): \(error)")
        }
        atexit { try? FileManager.default.removeItem(atPath: FuzzScratch.root) }
        return path
    }()

    /// A folder `name` inside the scratch folder (not created).
    static func path(_ name: String) -> String { root + "/" + name }

    /// Replaces the file at `path` with `bytes` (no sync: the folder is scratch space).
    static func write(_ bytes: [UInt8], to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
                done += n
            }
        }
    }
}
