import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A readable file, either plain or gzip-compressed, read in large chunks.
final class ByteStream {
    private enum Backing {
        case file(Int32)
        case gzip(gzFile)
    }

    private let backing: Backing

    /// Opens a regular file for reading; with `gzip`, its content is decompressed on the fly
    /// (a file that is not actually compressed is read as is).
    init(path: String, gzip: Bool) throws(IngestError) {
        let fd: Int32
        switch FileAccess.openRegularFile(path) {
        case .success(let opened): fd = opened
        case .failure(let error): throw error
        }
        guard gzip else {
            backing = .file(fd)
            return
        }
        guard let file = gzdopen(fd, "rb") else {
            close(fd)
            throw IngestError(reason: "cannot open gzip stream")
        }
        gzbuffer(file, 256 * 1024)
        backing = .gzip(file)
    }

    deinit {
        switch backing {
        case .file(let fd): close(fd)
        case .gzip(let file): gzclose(file)
        }
    }

    /// Reads up to `count` bytes into `destination`; returns 0 at the end of the data.
    func read(into destination: UnsafeMutableRawPointer, count: Int) throws(IngestError) -> Int {
        switch backing {
        case .file(let fd):
            while true {
                let result = systemRead(fd, destination, count)
                if result >= 0 { return result }
                if errno != EINTR { throw IngestError(errno: errno) }
            }
        case .gzip(let file):
            let result = gzread(file, destination, UInt32(min(count, 1 << 30)))
            if result > 0 { return Int(result) }
            // zlib reports a truncated stream as a clean end plus a pending error.
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
            if result == 0, code == Z_OK { return 0 }
            if code == Z_ERRNO { throw IngestError(errno: errno) }
            throw IngestError(reason: "gzip: \(message)")
        }
    }
}

/// `read(2)` under a name that does not clash with the method above.
@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
