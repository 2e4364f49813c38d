import CQuarrySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one index file sequentially: header, body, footer with a running CRC-32, then fsync.
///
/// Data is buffered and written in large chunks; `finish()` appends the footer, flushes,
/// fsyncs and closes. Until the manifest names the file it is invisible to readers.
final class FileWriter {
    let path: String
    private var fd: Int32
    private var buffer = ByteWriter(capacity: 1 << 20)
    private var crc: UInt32 = 0
    /// Bytes written so far, including the header and buffered bytes.
    private(set) var position: Int = 0
    /// Bytes handed to the kernel, and the offset up to which their writeback has been started.
    private var written = 0
    private var writebackStarted = 0
    /// Writeback of the file's pages is started every this many bytes, so that the data goes to disk
    /// while indexing goes on and the final fsync waits for little (it waited for the whole file,
    /// with both cores idle, about 4% of a 1M-document run).
    static let writebackInterval = 8 << 20

    /// Creates the file at `path` with the header of `kind`, at `version` (default: the version
    /// new files of `kind` are written at).
    init(path: String, kind: FileFormat.Kind, version: UInt32? = nil) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw QuarryError.io("cannot create \(path): \(String(cString: strerror(errno)))") }
        var header = ByteWriter()
        FileFormat.writeHeader(kind, version: version ?? FileFormat.currentVersion(of: kind), to: &header)
        try write(header.bytes)
    }

    func write(_ bytes: [UInt8]) throws {
        bytes.withUnsafeBytes { buffer.append($0) }
        position += bytes.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(bytes)
        position += bytes.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(_ writer: ByteWriter) throws {
        try write(writer.bytes)
    }

    private func flush() throws {
        guard buffer.count > 0 else { return }
        if !WriteFaultInjection.shared.allows(buffer.count, to: path) {
            throw QuarryError.io("cannot write \(path): \(String(cString: strerror(ENOSPC)))")
        }
        try buffer.withUnsafeMutableBytes { raw in
            crc = Checksum.crc32(UnsafeRawBufferPointer(raw), seed: crc)
            var done = 0
            while done < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw QuarryError.io("cannot write \(path): \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }
        written += buffer.count
        buffer.removeAll()
        if written - writebackStarted >= Self.writebackInterval {
            // A hint only: if it fails, the fsync in finish() still writes everything.
            _ = quarry_start_writeback(fd, Int64(writebackStarted), Int64(written - writebackStarted))
            writebackStarted = written
        }
    }

    /// Appends the footer, flushes, fsyncs and closes the file. Returns the file's size in bytes.
    @discardableResult
    func finish() throws -> Int {
        try flush()
        let footer = FileFormat.footer(crcSoFar: crc)
        buffer.append(footer)
        position += footer.count
        try flush()
        if fsync(fd) != 0 { throw QuarryError.io("cannot fsync \(path): \(String(cString: strerror(errno)))") }
        close(fd)
        fd = -1
        return position
    }

    deinit {
        if fd >= 0 { close(fd) }
    }
}

/// The C library's `write(2)`, named apart from this file's `write` methods.
@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
