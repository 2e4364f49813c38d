/// Errors the engine reports. Every case carries a message meant for a person.
public enum QuarryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder holds no Quarry index.
    case notAnIndex(String)
    /// An index file is damaged, truncated or has a bad checksum.
    case corruptIndex(String)
    /// The index was written by an incompatible format version.
    case unsupportedVersion(String)
    /// The query cannot be run (empty, nothing searchable).
    case badQuery(String)
    /// A file system operation failed.
    case io(String)
    /// Another writer holds the index lock.
    case locked(String)
    /// A value is out of the range the format supports.
    case limitExceeded(String)
    /// Extra field names are invalid, or differ from the ones the index was built with.
    case badFields(String)

    public var description: String {
        switch self {
        case .notAnIndex(let m): return "not a Quarry index: \(m)"
        case .corruptIndex(let m): return "corrupt index: \(m)"
        case .unsupportedVersion(let m): return "unsupported index version: \(m)"
        case .badQuery(let m): return "bad query: \(m)"
        case .io(let m): return "I/O error: \(m)"
        case .locked(let m): return "index is locked: \(m)"
        case .limitExceeded(let m): return "limit exceeded: \(m)"
        case .badFields(let m): return "bad fields: \(m)"
        }
    }
}
