#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening and reading files with plain system calls, reporting failures as short reasons.
enum FileAccess {
    /// Opens `path` for reading if it is a regular file (never blocks on a FIFO or device).
    static func openRegularFile(_ path: String) -> Result<Int32, IngestError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(IngestError(errno: errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = IngestError(errno: errno)
            close(fd)
            return .failure(error)
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(fd)
            return .failure(IngestError(reason: type == S_IFDIR ? "is a directory" : "not a regular file"))
        }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        return .success(fd)
    }

    /// Reads the whole regular file at `path`, refusing files larger than `limit` bytes.
    static func readAll(_ path: String, limit: Int) throws(IngestError) -> [UInt8] {
        let fd: Int32
        switch openRegularFile(path) {
        case .success(let opened): fd = opened
        case .failure(let error): throw error
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw IngestError(errno: errno) }
        let size = Int(info.st_size)
        guard size <= limit else { throw IngestError(reason: "file too large (\(size) bytes, limit \(limit))") }
        // Read up to one byte past the expected size to notice a file that grew meanwhile.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while filled < bytes.count {
            let result = bytes.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if result == 0 { break }
            if result < 0 {
                if errno == EINTR { continue }
                throw IngestError(errno: errno)
            }
            filled += result
        }
        guard filled <= size else { throw IngestError(reason: "file grew while being read") }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }
}
