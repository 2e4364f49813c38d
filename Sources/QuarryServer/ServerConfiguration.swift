import Foundation
import Quarry

/// How `quarry serve` runs: where the index is, where to listen, the write key and the limits.
public struct ServerConfiguration: Sendable {
    /// The index folder (it must hold a committed index).
    public var indexPath: String
    /// The address to listen on (a host name or IP address).
    public var host: String
    /// The TCP port; 0 picks a free one (``QuarryServer/run(onListening:)`` reports it).
    public var port: Int
    /// The bearer key that writes must present; nil refuses every write.
    public var apiKey: String?
    public var limits: ServerLimits
    /// The shortest time between two commits of pending writes.
    public var commitInterval: Duration
    /// Merge the index into one segment once this many commits have added segments to it, when
    /// its segments total at most ``mergeLimitBytes``. (Every commit also runs the writer's tiered
    /// merges, which merge segments of similar size.)
    public var mergeAfterCommits: Int
    /// The largest index (bytes of its segment files) the periodic merge rewrites into one
    /// segment: a larger one is left to the tiered merges, so writes never rewrite the whole of a
    /// large index. 256 MB by default, as `quarry index` merges a new index only up to that size.
    public var mergeLimitBytes = IndexBuilder.defaultSingleSegmentLimit
    /// Log only critical failures of the HTTP server (tests); otherwise warnings and worse.
    public var quiet = false

    public init(indexPath: String, host: String = "127.0.0.1", port: Int = 7700, apiKey: String? = nil,
                limits: ServerLimits = ServerLimits(), commitInterval: Duration = .seconds(1), mergeAfterCommits: Int = 32) {
        self.indexPath = indexPath
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.limits = limits
        self.commitInterval = commitInterval
        self.mergeAfterCommits = mergeAfterCommits
    }

    /// Throws ``ServerConfigurationError`` for a port out of range, an empty key, or a host beyond
    /// loopback without a key.
    public func validate() throws {
        guard (0...65535).contains(port) else {
            throw ServerConfigurationError("--port must be a whole number from 0 to 65535, got \(port)")
        }
        if let apiKey {
            guard apiKey.utf8.count >= 8, !apiKey.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw ServerConfigurationError("--api-key must be at least 8 characters with no spaces")
            }
        }
        guard !host.isEmpty else { throw ServerConfigurationError("--host must not be empty") }
        if apiKey == nil && !Self.isLoopback(host) {
            throw ServerConfigurationError("refusing to listen on \(host) without --api-key: beyond loopback, writes must need a key (use --host 127.0.0.1, or set --api-key KEY)")
        }
        guard mergeAfterCommits >= 1 else { throw ServerConfigurationError("mergeAfterCommits must be at least 1") }
        guard mergeLimitBytes >= 0 else { throw ServerConfigurationError("mergeLimitBytes must not be negative") }
        guard commitInterval >= .zero else { throw ServerConfigurationError("commitInterval must not be negative") }
        // At most a day keeps the conversion to nanoseconds far from overflow.
        guard limits.maximumIdleTime > .zero && limits.maximumIdleTime <= .seconds(86_400) else {
            throw ServerConfigurationError("the idle time limit must be more than 0 and at most a day")
        }
    }

    /// Whether `host` names only this machine: `localhost`, 127.0.0.0/8 or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "[::1]" { return true }
        let parts = lowered.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }) else {
            return false
        }
        return parts[0] == "127"
    }
}

/// A setting that stops the server from starting.
public struct ServerConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
