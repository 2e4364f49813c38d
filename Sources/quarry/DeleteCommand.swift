import ArgumentParser
import Quarry

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete documents by id, or every document that matches a query.",
        discussion: """
            The deletions are committed at once; searches skip deleted documents, and a merge \
            (`quarry merge`, or the next `quarry index --append`) reclaims their space.
            """
    )

    @OptionGroup var location: IndexLocation

    @Argument(help: "Ids of the documents to delete.")
    var ids: [String] = []

    /// Unconditional, so that a query that starts with `-` (`--query "-draft +old"`) is taken as the query.
    @Option(parsing: .unconditional, help: "Delete every document that matches this query (the search query language; bare words joined by OR).")
    var query: String?

    @Flag(help: "Join bare words of --query with AND instead of OR.")
    var all = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if ids.isEmpty && query == nil { throw ValidationError("give the ids of the documents to delete, or --query QUERY") }
        if !ids.isEmpty && query != nil { throw ValidationError("give either ids or --query, not both") }
    }

    func run() throws {
        try reportingErrors {
            // Parse against the committed index's analyzer and fields, before taking the writer's lock.
            let parsed = try query.map { try Searcher(reader: try IndexReader(path: location.index)).parser.parse($0, mode: all ? .all : .any) }
            // Refused before anything is deleted: such an id would only be reported "not found".
            for id in ids {
                if let problem = IndexReader.idLookupProblem(id) { throw ValidationError("cannot delete by id: \(problem)") }
            }
            let writer = try IndexWriter(path: location.index, mode: .append)
            defer { writer.close() }
            var deleted = 0
            var missing: [String] = []
            if let parsed {
                deleted = try writer.delete(matching: parsed)
            } else {
                for id in ids {
                    if try writer.delete(id: id) { deleted += 1 } else { missing.append(id) }
                }
            }
            if deleted > 0 { try writer.commit() }
            if json {
                Terminal.printJSON(.object([("deleted", .int(deleted)), ("not_found", .array(missing.map { .string($0) }))]))
                return
            }
            print("Deleted \(deleted) document\(deleted == 1 ? "" : "s").")
            for id in missing { Terminal.warning("no document with id \(SafeText.forTerminal(id))") }
        }
    }
}
