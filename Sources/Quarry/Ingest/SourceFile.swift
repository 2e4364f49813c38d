#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One input file as ingest saw it: where it is, its id, and what it looked like.
public struct SourceFile: Sendable, Hashable {
    public var path: String
    /// The file's id: its path from the folder it was found in, or its name.
    public var id: String
    public var size: Int
    public var modifiedNanoseconds: Int64
    /// The `ContentHash` of the file's bytes.
    public var hash: UInt64
}

/// What ingest reports about files, besides their documents (see ``DocumentSource/forEachEvent(_:)``).
public enum IngestEvent: Sendable {
    /// A document, or an input passed over.
    case item(IngestItem)
    /// A file about to be read: the documents (and skipped items) up to the next file event are its own.
    case file(SourceFile)
    /// A file found identical to its catalog entry (same size and time, or same bytes): not read.
    case unchangedFile(SourceFile)
    /// The file of the last ``file(_:)`` event (announced with hash 0) was read to its end, and
    /// its bytes hashed while they were read: `hash` is its ``SourceFile/hash``.
    case fileHashed(id: String, hash: UInt64)
}

enum SourceFileState {
    /// Size and modification time of the file at `path`, or nil if it cannot be examined.
    static func examine(_ path: String) -> (size: Int, modifiedNanoseconds: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let seconds = Int64(info.st_mtim.tv_sec), nanoseconds = Int64(info.st_mtim.tv_nsec)
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return (Int(info.st_size), overflow ? seconds : scaled &+ nanoseconds)
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// FNV-1a over `bytes`, continuing from `seed` (for short keys such as document ids).
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = fnvOffset) -> UInt64 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }

    /// The `ContentHash` of the whole file at `path`, read in chunks; nil if it cannot be read.
    static func hashFile(_ path: String) -> UInt64? {
        guard case .success(let fd) = FileAccess.openRegularFile(path) else { return nil }
        defer { close(fd) }
        var hasher = ContentHash()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n == 0 { return hasher.finalize() }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}
