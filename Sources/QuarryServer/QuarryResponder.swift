import Foundation
import Hummingbird
import Quarry
import QuarryJSON

/// Routes every request of the service and turns every failure into a JSON error: no request,
/// however malformed, gets anything but a JSON answer, and none stops the server.
struct QuarryResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let snapshots: SnapshotStore
    let writer: ServerWriter?
    let authorization: WriteAuthorization
    let limits: ServerLimits

    /// The routes, for 404 and 405 answers.
    static let documentsPrefix = "/documents/"

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await route(request)
        } catch {
            return Self.response(for: APIError.from(error))
        }
    }

    private func route(_ request: Request) async throws -> Response {
        let path = request.uri.path
        let method = request.method
        let query = try QueryString(request.uri.query)
        switch path {
        case "/":
            try allow(method, [.get])
            try query.check(allowed: ["q"])
            return Self.html(SearchPage.html)
        case "/search":
            try allow(method, [.get])
            let parameters = try SearchParameters(query, limits: limits)
            return Self.json(try SearchEndpoint.run(parameters, on: snapshots.snapshot))
        case "/stats":
            try allow(method, [.get])
            try query.check(allowed: [])
            return Self.json(try await StatsEndpoint.json(snapshots.snapshot, writer: writer))
        case "/health":
            try allow(method, [.get])
            try query.check(allowed: [])
            let snapshot = snapshots.snapshot
            return Self.json(.object([("status", .string("ok")), ("generation", .int(Int(snapshot.generation))),
                                      ("documents", .int(snapshot.searcher.reader.liveDocumentCount))]))
        case "/openapi.json":
            try allow(method, [.get])
            try query.check(allowed: [])
            return Self.response(status: .ok, contentType: "application/json; charset=utf-8", body: OpenAPIDocument.json)
        case "/documents":
            try allow(method, [.post])
            return try await postDocuments(request, wait: try Self.wait(query))
        default:
            guard path.hasPrefix(Self.documentsPrefix), path.count > Self.documentsPrefix.count else {
                throw APIError(.notFound, "no such endpoint: \(path.prefix(200)) (GET /openapi.json lists them)")
            }
            try allow(method, [.get, .delete])
            let wait = method == .delete ? try Self.wait(query) : false
            if method == .get { try query.check(allowed: []) }
            let id = try QueryString.decode(path.dropFirst(Self.documentsPrefix.count), plusIsSpace: false)
            guard id.unicodeScalars.count <= limits.maximumIDLength else {
                throw APIError.badRequest("the document id is longer than \(limits.maximumIDLength) characters")
            }
            if method == .get { return Self.json(try DocumentEndpoint.json(id: id, snapshot: snapshots.snapshot)) }
            return try await deleteDocument(request, id: id, wait: wait)
        }
    }

    /// The `wait` parameter of a write (the only one a write takes): whether to answer only once
    /// searches see the write.
    private static func wait(_ query: QueryString) throws(APIError) -> Bool {
        try query.check(allowed: ["wait"])
        guard let text = query["wait"] else { return false }
        return try SearchParameters.flag(text, name: "wait")
    }

    private func postDocuments(_ request: Request, wait: Bool) async throws -> Response {
        try authorization.check(request)
        guard let writer else { throw APIError(.forbidden, "writes are disabled on this server") }
        let body = try await Self.collect(request, limit: limits.maximumBodyBytes)
        let documents = try DocumentPayload.parse(body, extraFields: writer.extraFields, maximumIDLength: limits.maximumIDLength)
        let (pending, generation) = try await writer.upsert(documents, waitUntilVisible: wait)
        if let generation {
            return Self.json(.object([("accepted", .int(documents.count)), ("generation", .int(Int(clamping: generation)))]))
        }
        return Self.json(.object([("accepted", .int(documents.count)), ("pending", .int(pending))]), status: .accepted)
    }

    private func deleteDocument(_ request: Request, id: String, wait: Bool) async throws -> Response {
        try authorization.check(request)
        guard let writer else { throw APIError(.forbidden, "writes are disabled on this server") }
        let (deleted, generation) = try await writer.delete(id: id, waitUntilVisible: wait)
        var members: [(String, OrderedJSON)] = [("id", .string(id)), ("deleted", .bool(deleted))]
        if let generation { members.append(("generation", .int(Int(clamping: generation)))) }
        return Self.json(.object(members))
    }

    private func allow(_ method: HTTPRequest.Method, _ allowed: [HTTPRequest.Method]) throws(APIError) {
        guard !allowed.contains(method) else { return }
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var error = APIError(.methodNotAllowed, "\(method.rawValue) is not allowed here (allowed: \(list))")
        error.headers[.allow] = list
        throw error
    }

    /// The request body, refusing (413) one longer than `limit` bytes before or while reading it.
    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        let tooLarge = APIError(.contentTooLarge, "the request body is larger than \(limit) bytes")
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw tooLarge }
        var bytes: [UInt8] = []
        for try await chunk in request.body {
            guard bytes.count + chunk.readableBytes <= limit else { throw tooLarge }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    // MARK: Responses

    static func json(_ value: OrderedJSON, status: HTTPResponse.Status = .ok) -> Response {
        response(status: status, contentType: "application/json; charset=utf-8", body: value.text)
    }

    static func html(_ text: String) -> Response {
        var response = response(status: .ok, contentType: "text/html; charset=utf-8", body: text)
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'"
        return response
    }

    static func response(for error: APIError) -> Response {
        var response = json(error.json, status: error.status)
        response.headers.append(contentsOf: error.headers)
        return response
    }

    static func response(status: HTTPResponse.Status, contentType: String, body: String) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = contentType
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
