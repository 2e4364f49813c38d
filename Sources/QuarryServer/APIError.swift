import Hummingbird
import QuarryJSON

/// An error answered as JSON: `{"error": "…"}`, plus `"column": N` for a query syntax error (the
/// query parser's 1-based column) and `"write"` (with `"generation"`) for a write that waited for
/// its commit, with a 4xx (or, for a failure of the server itself, 5xx) status.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    var column: Int?
    /// Extra response headers (`Allow` for 405, `WWW-Authenticate` for 401).
    var headers: HTTPFields = [:]
    /// Members after `error` (and `column`): what became of a write that waited for its commit.
    var details: [(String, OrderedJSON)] = []

    init(_ status: HTTPResponse.Status, _ message: String, column: Int? = nil) {
        self.status = status
        self.message = message
        self.column = column
    }

    var json: OrderedJSON {
        var members: [(String, OrderedJSON)] = [("error", .string(message))]
        if let column { members.append(("column", .int(column))) }
        return .object(members + details)
    }

    static func badRequest(_ message: String, column: Int? = nil) -> APIError { APIError(.badRequest, message, column: column) }
}
