/// A ranked run in TREC form: one `qid Q0 docid rank score name` line per retrieved document.
///
/// Only qid, docid and score are used, as trec_eval does: the order of the lines and the rank
/// column do not matter (see ``TRECRanking``). Blank lines are skipped.
public struct TRECRun: Sendable, Equatable {
    /// One retrieved document.
    public struct Entry: Sendable, Hashable {
        public var docID: String
        public var score: Double

        public init(docID: String, score: Double) {
            self.docID = docID
            self.score = score
        }
    }

    /// The queries of the run, in the order they first appear.
    public private(set) var queryIDs: [String] = []
    /// The retrieved documents of each query, in file order.
    public private(set) var entries: [String: [Entry]] = [:]

    /// A run given as entries per query; `queryIDs` are sorted (numerically when all are numbers).
    public init(entries: [String: [Entry]]) {
        self.entries = entries
        queryIDs = QueryIDOrder.sorted(Array(entries.keys))
    }

    /// Parses run text. `source` names the file in error messages.
    /// - Throws: ``EvaluationFileError`` for the first malformed line: not 6 fields, a rank that
    ///   is not an integer, or a score that is not a finite number.
    public init(parsing text: String, source: String = "run") throws(EvaluationFileError) {
        for (number, line) in EvaluationText.lines(text) where !EvaluationText.isBlank(line) {
            func fail(_ message: String) -> EvaluationFileError {
                EvaluationFileError(file: source, line: number, message: message)
            }
            let fields = EvaluationText.fields(line)
            guard fields.count == 6 else {
                throw fail("expected 6 fields (qid Q0 docid rank score name), found \(fields.count)")
            }
            guard Int(fields[3]) != nil else {
                throw fail("the rank \(EvaluationText.quoted(fields[3])) is not an integer")
            }
            guard let score = Double(fields[4]), score.isFinite else {
                throw fail("the score \(EvaluationText.quoted(fields[4])) is not a finite number")
            }
            let qid = String(fields[0])
            if entries[qid] == nil { queryIDs.append(qid) }
            entries[qid, default: []].append(Entry(docID: String(fields[2]), score: score))
        }
    }

    /// Reads and parses the run file at `path`.
    public init(contentsOfFile path: String) throws(EvaluationFileError) {
        try self.init(parsing: try EvaluationText.read(path), source: path)
    }
}
