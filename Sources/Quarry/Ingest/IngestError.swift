#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file could not be read; `reason` is short and lower-case, e.g. "permission denied".
public struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, suitable for a `.skipped` reason.
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    /// An error for a failed system call, from its `errno` value.
    init(errno code: Int32) {
        self.reason = Self.reason(forErrno: code)
    }

    public var description: String { reason }

    /// A short lower-case description of an `errno` value.
    static func reason(forErrno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "no such file or directory"
        case EISDIR: return "is a directory"
        case ENOTDIR: return "not a directory"
        case ELOOP: return "too many levels of symbolic links"
        case ENAMETOOLONG: return "file name too long"
        case EIO: return "input/output error"
        case EMFILE, ENFILE: return "too many open files"
        case ENOMEM: return "out of memory"
        default:
            guard let message = strerror(code) else { return "error \(code)" }
            let text = String(cString: message)
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }
}
