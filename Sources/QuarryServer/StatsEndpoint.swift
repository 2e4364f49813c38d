import Quarry
import QuarryJSON

/// `GET /stats`: the current commit's counts and sizes and the writer's state.
enum StatsEndpoint {
    static func json(_ snapshot: IndexSnapshot, writer: ServerWriter?) async throws -> OrderedJSON {
        let stats: IndexStats
        do { stats = try snapshot.stats() } catch { throw APIError.from(error) }
        let status = await writer?.status
        var members: [(String, OrderedJSON)] = [
            ("documents", .int(stats.documents)),
            ("terms", .int(stats.terms)),
            ("postings", .int(stats.postings)),
            ("positions", .int(Int(clamping: stats.positions))),
            ("segments", .int(stats.segments)),
            ("total_bytes", .int(stats.totalBytes)),
            ("average_length", .double((Double(stats.averageLength) * 100).rounded() / 100)),
            ("generation", .int(Int(clamping: stats.generation))),
            ("format_version", .int(stats.formatVersion)),
            ("analyzer", .string(stats.analyzer.name.rawValue)),
            ("writable", .bool(writer != nil)),
            ("pending_documents", .int(status?.pendingDocuments ?? 0)),
            ("commits", .int(status?.commits ?? 0)),
        ]
        if let error = status?.lastError { members.append(("last_write_error", .string(error))) }
        return .object(members)
    }
}
