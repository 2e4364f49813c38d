#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory-mapped file. The mapping lives as long as the object; the bytes are never copied.
final class MappedFile: @unchecked Sendable {
    // Immutable after init, and the mapping is read-only, so sharing across threads is safe.
    let path: String
    let bytes: UnsafeRawBufferPointer
    /// Whether `bytes` is a heap copy (``init(path:copying:)``) rather than a mapping.
    private let isCopy: Bool

    init(path: String) throws {
        self.path = path
        isCopy = false
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw QuarryError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw QuarryError.io("cannot stat \(path): \(String(cString: strerror(errno)))") }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw QuarryError.io("cannot map \(path): \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// A file held in memory instead of mapped: a copy of `contents`, named `path` in messages.
    /// For files that are not on disk (see ``IndexDirectory/memoryFiles``).
    init(path: String, copying contents: UnsafeRawBufferPointer) {
        self.path = path
        isCopy = true
        if contents.isEmpty {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        } else {
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: contents.count, alignment: 16)
            copy.copyMemory(from: contents)
            bytes = UnsafeRawBufferPointer(copy)
        }
    }

    /// Asks the kernel to read the whole file ahead (used for small, hot files).
    func adviseWillNeed() {
        if let base = bytes.baseAddress {
            _ = madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, Int32(MADV_WILLNEED))
        }
    }

    deinit {
        if let base = bytes.baseAddress {
            if isCopy {
                base.deallocate()
            } else {
                munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
            }
        }
    }
}
