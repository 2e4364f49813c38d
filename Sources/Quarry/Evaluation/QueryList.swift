/// A list of queries to run in batch: one `qid<TAB>query text` line per query.
///
/// The query id is everything before the first tab and may not be empty or contain spaces (it
/// becomes a field of a TREC run); the text is everything after it, passed on unchanged. Blank
/// lines are skipped.
public struct QueryList: Sendable, Equatable {
    /// One query of the list.
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var text: String
        /// The 1-based line it was read from.
        public var line: Int
    }

    /// The queries in file order.
    public private(set) var queries: [Entry] = []

    /// Parses a query list. `source` names the file in error messages.
    /// - Throws: ``EvaluationFileError`` for the first malformed line: no tab, an empty query id
    ///   or one with spaces, or a query id already used on an earlier line.
    public init(parsing text: String, source: String = "queries") throws(EvaluationFileError) {
        var lineOfID: [String: Int] = [:]
        for (number, line) in EvaluationText.lines(text) where !EvaluationText.isBlank(line) {
            func fail(_ message: String) -> EvaluationFileError {
                EvaluationFileError(file: source, line: number, message: message)
            }
            guard let tab = line.firstIndex(of: "\t") else {
                throw fail("expected a query id, a tab and the query text; found no tab")
            }
            let id = String(line[..<tab])
            guard !id.isEmpty else { throw fail("the query id before the tab is empty") }
            guard !id.contains(where: \.isWhitespace) else { throw fail("the query id \(EvaluationText.quoted(id[...])) contains a space") }
            if let earlier = lineOfID[id] { throw fail("query id \(EvaluationText.shown(id[...])) is already used on line \(earlier)") }
            lineOfID[id] = number
            queries.append(Entry(id: id, text: String(line[line.index(after: tab)...]), line: number))
        }
    }

    /// Reads and parses the query list at `path`.
    public init(contentsOfFile path: String) throws(EvaluationFileError) {
        try self.init(parsing: try EvaluationText.read(path), source: path)
    }
}
