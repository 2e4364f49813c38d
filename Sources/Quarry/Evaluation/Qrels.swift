/// Relevance judgements in TREC qrels form: one `qid iteration docid grade` line per judgement.
///
/// The iteration field is ignored. A grade of 1 or more marks a relevant document; higher grades
/// are more relevant (they are the gains of nDCG). Grades of 0 or below are judged non-relevant,
/// exactly like documents that are not listed. Blank lines are skipped.
public struct Qrels: Sendable, Equatable {
    /// The judged queries, in the order they first appear in the file.
    public private(set) var queryIDs: [String] = []
    /// The grade of every judged document, per query.
    public private(set) var grades: [String: [String: Int]] = [:]

    /// Judgements given as a dictionary; `queryIDs` are sorted (numerically when all are numbers).
    public init(grades: [String: [String: Int]]) {
        self.grades = grades
        queryIDs = QueryIDOrder.sorted(Array(grades.keys))
    }

    /// Parses qrels text. `source` names the file in error messages.
    /// - Throws: ``EvaluationFileError`` for the first malformed line: not 4 fields, a grade that
    ///   is not an integer, or a document judged twice for the same query.
    public init(parsing text: String, source: String = "qrels") throws(EvaluationFileError) {
        var lineOfJudgement: [String: [String: Int]] = [:]
        for (number, line) in EvaluationText.lines(text) where !EvaluationText.isBlank(line) {
            func fail(_ message: String) -> EvaluationFileError {
                EvaluationFileError(file: source, line: number, message: message)
            }
            let fields = EvaluationText.fields(line)
            guard fields.count == 4 else {
                throw fail("expected 4 fields (qid iteration docid grade), found \(fields.count)")
            }
            let qid = String(fields[0]), docID = String(fields[2])
            guard let grade = Int(fields[3]) else {
                throw fail("the grade \(EvaluationText.quoted(fields[3])) is not an integer")
            }
            if let earlier = lineOfJudgement[qid]?[docID] {
                throw fail("document \(EvaluationText.shown(fields[2])) of query \(EvaluationText.shown(fields[0])) is already judged on line \(earlier)")
            }
            if grades[qid] == nil { queryIDs.append(qid) }
            grades[qid, default: [:]][docID] = grade
            lineOfJudgement[qid, default: [:]][docID] = number
        }
    }

    /// Reads and parses the qrels file at `path`.
    public init(contentsOfFile path: String) throws(EvaluationFileError) {
        try self.init(parsing: try EvaluationText.read(path), source: path)
    }

    /// The number of relevant documents (grade 1 or more) of a query.
    public func relevantCount(_ qid: String) -> Int {
        grades[qid]?.values.count(where: { $0 >= 1 }) ?? 0
    }
}
