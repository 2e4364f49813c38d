/// Reading the small line-oriented text files of an evaluation (qrels, runs, query lists).
enum EvaluationText {
    /// The lines of `text` with their 1-based numbers; `\n` and `\r\n` both end a line, and a
    /// final line break does not start another line. A byte-order mark at the start is skipped
    /// (kept, it would be part of the first query id, and that query would silently score 0).
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var result: [(number: Int, text: Substring)] = []
        var number = 0
        let text = text.unicodeScalars.first == "\u{FEFF}" ? Substring(text.unicodeScalars.dropFirst()) : text[...]
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            result.append((number, line))
        }
        // "a\n" splits into ["a", ""]: the empty tail is not a line.
        if let last = result.last, last.text.isEmpty { result.removeLast() }
        return result
    }

    /// The fields of a line, separated by runs of spaces and tabs (as trec_eval reads them). A
    /// stray carriage return (a last line ended by `\r` alone) separates too, rather than ending
    /// up in the last field ("the grade \"1 \" is not an integer").
    static func fields(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: isSpace)
    }

    /// A field as an error message quotes it: in double quotes, cut to its first 40 characters
    /// (and `…`), so that a huge field (a binary file's, say) does not flood the message.
    static func quoted(_ field: Substring) -> String {
        "\"" + shown(field) + "\""
    }

    /// A field as an error message names it, cut like ``quoted(_:)`` but without the quotes.
    static func shown(_ field: Substring) -> String {
        field.count <= 40 ? String(field) : field.prefix(40) + "…"
    }

    /// Whether a line holds nothing but spaces, tabs and carriage returns.
    static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy(isSpace)
    }

    private static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\r"
    }

    /// The whole file at `path` as UTF-8 text (invalid bytes become U+FFFD).
    static func read(_ path: String) throws(EvaluationFileError) -> String {
        do {
            return String(decoding: try FileAccess.readAll(path, limit: 1 << 31), as: UTF8.self)
        } catch {
            throw EvaluationFileError(file: path, line: nil, message: "cannot read the file: \(error.reason)")
        }
    }
}
