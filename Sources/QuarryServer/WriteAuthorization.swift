import Hummingbird

/// Checks `Authorization: Bearer KEY` on write requests against the server's `--api-key`.
struct WriteAuthorization: Sendable {
    /// The configured key's bytes; nil when the server was started without one (writes refused).
    let key: [UInt8]?

    init(apiKey: String?) {
        key = apiKey.map { Array($0.utf8) }
    }

    /// Passes a request whose bearer token is the key; otherwise 403 (no key configured) or 401.
    func check(_ request: Request) throws(APIError) {
        guard let key else {
            throw APIError(.forbidden, "writes are disabled: start the server with --api-key KEY and send Authorization: Bearer KEY")
        }
        guard let header = request.headers[.authorization] else {
            throw unauthorized("missing Authorization header (expected: Bearer KEY)")
        }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else {
            throw unauthorized("the Authorization header must be: Bearer KEY")
        }
        let presented = Array(header.dropFirst(prefix.count).utf8)
        guard Self.constantTimeEqual(presented, key) else { throw unauthorized("wrong API key") }
    }

    private func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, message)
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }

    /// Compares in time that depends only on the lengths, not on where the bytes first differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        if a.count != b.count { difference |= 1 }
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
