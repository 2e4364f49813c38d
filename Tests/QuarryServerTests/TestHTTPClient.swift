#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A minimal HTTP/1.1 client over a plain socket (one request per connection), so tests can send
/// exactly the bytes they mean to, malformed ones included. The blocking I/O runs off the Swift
/// concurrency pool, which the in-process server needs.
struct TestHTTPClient: Sendable {
    let port: Int

    struct Reply: Sendable, CustomStringConvertible {
        var status: Int
        var headers: [String: String]  // lowercased names
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var description: String { "\(status) \(text.prefix(500))" }

        /// The body as a JSON object (nil if it is not one).
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
        var error: String? { json?["error"] as? String }
    }

    func get(_ target: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request("GET", target, headers: headers)
    }

    func request(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) async throws -> Reply {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let reply = try await raw(Array(head.utf8) + body)
        return try Self.parse(reply)
    }

    func post(_ target: String, json: String, key: String? = nil) async throws -> Reply {
        var headers = ["Content-Type": "application/json"]
        if let key { headers["Authorization"] = "Bearer \(key)" }
        return try await request("POST", target, headers: headers, body: Array(json.utf8))
    }

    /// Sends `bytes` as they are and returns everything the server answers until it closes.
    func raw(_ bytes: [UInt8]) async throws -> [UInt8] {
        let port = self.port
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.exchange(bytes, port: port) })
            }
        }
    }

    /// Connects, sends `bytes` (perhaps part of a request) and then nothing, without closing its
    /// side; true if the server closes the connection within `seconds` seconds.
    func isClosedWhenSilent(after bytes: [UInt8], within seconds: Int) async throws -> Bool {
        let port = self.port
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let fd = try Self.connected(port: port, timeout: seconds)
                    defer { close(fd) }
                    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                        if n == 0 { return true }  // closed by the server
                        if n < 0 { return errno == ECONNRESET }  // a timeout: still open
                    }
                })
            }
        }
    }

    /// A socket connected to the server on `port`, reads and writes timing out after `timeout` seconds.
    private static func connected(port: Int, timeout: Int) throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
        return fd
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static func exchange(_ bytes: [UInt8], port: Int) throws -> [UInt8] {
        let fd = try connected(port: port, timeout: 60)
        defer { close(fd) }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer (413, say) and close before reading everything: stop sending then.
            if n <= 0 { break }
            sent += n
        }
        shutdown(fd, Int32(SHUT_WR))
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if reply.isEmpty { throw Failure(description: "recv: errno \(errno)") }
                break
            }
            if n == 0 { break }
            reply += buffer[0..<n]
        }
        return reply
    }

    /// Parses a response with a Content-Length or chunked body.
    static func parse(_ bytes: [UInt8]) throws -> Reply {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = firstIndex(of: separator, in: bytes) else {
            throw Failure(description: "no complete response head in \(bytes.count) bytes: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = try dechunk(body)
        } else if let length = headers["content-length"].flatMap(Int.init) {
            guard body.count >= length else { throw Failure(description: "body cut short: \(body.count) of \(length)") }
            body = Array(body.prefix(length))
        }
        return Reply(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var position = 0
        let crlf: [UInt8] = [13, 10]
        while true {
            guard let lineEnd = firstIndex(of: crlf, in: bytes, from: position),
                  let size = Int(String(decoding: bytes[position..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) else {
                throw Failure(description: "bad chunked body")
            }
            if size == 0 { return out }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { throw Failure(description: "chunk cut short") }
            out += bytes[start..<start + size]
            position = start + size + 2
        }
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && Array(haystack[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}
