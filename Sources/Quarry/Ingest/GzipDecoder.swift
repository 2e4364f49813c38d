import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Decompresses a gzip file read from a file descriptor, member after member (`cat a.gz b.gz`
/// is one valid file), with zlib's `inflate`.
///
/// Every byte decompressed before a problem is handed out first; the problem is thrown by the
/// next read. So a file whose trailer is damaged (a CRC mismatch) still yields all of its data,
/// and damage in the middle stops the file at the first byte zlib cannot decode.
final class GzipDecoder {
    private let fd: Int32
    private var stream = z_stream()
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    private var fileEnded = false
    /// Inside a member (its header has been started and its trailer not yet read).
    private var inMember = false
    /// Members fully read, trailer checked.
    private(set) var membersRead = 0
    private var pendingError: IngestError?
    private var finished = false

    /// Takes ownership of `fd` (closed on deinit).
    init(fd: Int32, inputCapacity: Int = 256 * 1024) throws(IngestError) {
        self.fd = fd
        self.inputCapacity = inputCapacity
        input = .allocate(capacity: inputCapacity)
        // 15 + 16: a 32 KiB window and a gzip (not zlib) wrapper.
        let status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw IngestError(reason: status == Z_MEM_ERROR ? "out of memory" : "cannot start gzip decompression")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
        close(fd)
    }

    /// Decompresses up to `count` bytes into `destination`; returns 0 at the end of the last member.
    /// - Throws: ``IngestError`` for a read error or damaged data, once every byte decompressed
    ///   before it has been returned.
    func read(into destination: UnsafeMutableRawPointer, count: Int) throws(IngestError) -> Int {
        if let error = pendingError {
            pendingError = nil
            finished = true
            throw error
        }
        if finished || count == 0 { return 0 }
        let capacity = min(count, Int(UInt32.max))
        stream.next_out = destination.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = UInt32(capacity)
        var produced: Int { capacity - Int(stream.avail_out) }
        do throws(IngestError) {
            while stream.avail_out > 0 {
                if stream.avail_in == 0 && !fileEnded { try refill() }
                if stream.avail_in == 0 && fileEnded {
                    if inMember { throw IngestError(reason: "truncated gzip file: it ends inside member \(membersRead + 1)") }
                    finished = true
                    break
                }
                inMember = true
                let status = inflate(&stream, Z_NO_FLUSH)
                switch status {
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    continue  // needs more input
                case Z_BUF_ERROR:
                    throw IngestError(reason: "damaged gzip data in member \(membersRead + 1): no progress possible")
                case Z_STREAM_END:
                    membersRead += 1
                    inMember = false
                    // Another member may follow; inflate checks its header like the first one's.
                    inflateReset(&stream)
                case Z_DATA_ERROR:
                    throw dataError()
                case Z_MEM_ERROR:
                    throw IngestError(reason: "out of memory while decompressing")
                default:
                    throw IngestError(reason: "damaged gzip data in member \(membersRead + 1) (zlib status \(status))")
                }
            }
        } catch {
            if produced > 0 {
                pendingError = error
                return produced
            }
            finished = true
            throw error
        }
        return produced
    }

    /// Reads more compressed input; sets `fileEnded` at the end of the file.
    private func refill() throws(IngestError) {
        while true {
            let result = readBytes(fd, input, inputCapacity)
            if result > 0 {
                stream.next_in = input
                stream.avail_in = UInt32(result)
                return
            }
            if result == 0 {
                fileEnded = true
                return
            }
            if errno != EINTR { throw IngestError(errno: errno) }
        }
    }

    /// The error for a `Z_DATA_ERROR`, in words that say where the damage is.
    private func dataError() -> IngestError {
        let message = stream.msg.map { String(cString: $0) } ?? "invalid data"
        let member = membersRead + 1
        switch message {
        case "incorrect data check":
            return IngestError(reason: "CRC mismatch in the gzip trailer of member \(member)")
        case "incorrect length check":
            return IngestError(reason: "length mismatch in the gzip trailer of member \(member)")
        case "incorrect header check" where membersRead > 0:
            return IngestError(reason: "unexpected bytes after gzip member \(membersRead) (not a gzip header)")
        default:
            return IngestError(reason: "damaged gzip data in member \(member): \(message)")
        }
    }
}

/// `read(2)` under a name that does not clash with the method above.
@inline(__always)
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(fd, buffer, count)
}
