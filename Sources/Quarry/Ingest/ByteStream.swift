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
        case gzip(GzipDecoder)
    }

    private let backing: Backing
    /// With `hashing`, the `ContentHash` of the bytes read so far from a plain file (nil for a
    /// compressed one: its hash is of the file's bytes, which the decoder reads itself).
    private(set) var contentHash: ContentHash?

    /// Opens a regular file for reading; with `gzip`, its content is decompressed on the fly
    /// (a file that does not start with the gzip magic bytes is read as is). With `hashing`, a
    /// plain file's bytes are hashed as they are read (``contentHash``).
    init(path: String, gzip: Bool, hashing: Bool = false) throws(IngestError) {
        let fd: Int32
        switch FileAccess.openRegularFile(path) {
        case .success(let opened): fd = opened
        case .failure(let error): throw error
        }
        guard gzip, Self.startsWithGzipMagic(fd) else {
            backing = .file(fd)
            if hashing { contentHash = ContentHash() }
            return
        }
        backing = .gzip(try GzipDecoder(fd: fd))
    }

    deinit {
        if case .file(let fd) = backing { close(fd) }
    }

    /// Reads up to `count` bytes into `destination`; returns 0 at the end of the data.
    /// - Throws: ``IngestError`` on a read error or damaged gzip data; bytes decompressed before
    ///   the damage are returned by the calls before the one that throws.
    func read(into destination: UnsafeMutableRawPointer, count: Int) throws(IngestError) -> Int {
        switch backing {
        case .file(let fd):
            while true {
                let result = systemRead(fd, destination, count)
                if result >= 0 {
                    contentHash?.update(UnsafeRawBufferPointer(start: destination, count: result))
                    return result
                }
                if errno != EINTR { throw IngestError(errno: errno) }
            }
        case .gzip(let decoder):
            return try decoder.read(into: destination, count: count)
        }
    }

    /// Whether the file starts with `1F 8B`; the file position is left at the start.
    private static func startsWithGzipMagic(_ fd: Int32) -> Bool {
        var magic: (UInt8, UInt8) = (0, 0)
        let count = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        return count == 2 && magic.0 == 0x1F && magic.1 == 0x8B
    }
}

/// `read(2)` under a name that does not clash with the method above.
@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
