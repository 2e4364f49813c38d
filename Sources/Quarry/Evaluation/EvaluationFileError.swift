/// A qrels, run or query file that cannot be read or parsed.
///
/// The description names the file and, for a malformed line, its 1-based line number, e.g.
/// `run.txt:12: expected 6 fields (qid Q0 docid rank score name), found 5`.
public struct EvaluationFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's name as given by the caller.
    public var file: String
    /// The 1-based line at fault, or nil when the whole file is (it cannot be read).
    public var line: Int?
    /// What is wrong, for a person.
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
