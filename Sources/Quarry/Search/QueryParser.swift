import Foundation

/// Turns query text into a ``Query`` using the index's analyzer.
///
/// Syntax: words are terms; text in double quotes is a phrase (an unterminated quote runs to the end).
/// Everything else (punctuation, operators) separates words. Repeated terms count once. A word of Han,
/// kana or Hangul letters that the analyzer splits into several bigrams becomes a phrase of its bigrams
/// (see ``Analyzer/queryWords(_:)``).
public struct QueryParser: Sendable {
    public let analyzer: Analyzer

    public init(analyzer: Analyzer) {
        self.analyzer = analyzer
    }

    /// Parses `text`; throws ``QuarryError/badQuery(_:)`` when nothing searchable remains.
    public func parse(_ text: String, mode: Query.Mode = .any) throws -> Query {
        var clauses: [Query.Clause] = []
        var seenTerms = Set<String>()
        var seenPhrases = Set<[Query.PhraseTerm]>()
        let parts = text.split(separator: "\"", omittingEmptySubsequences: false)
        for (i, part) in parts.enumerated() {
            let quoted = i % 2 == 1
            let words = analyzer.queryWords(String(part))
            let termCount = words.reduce(0) { $0 + $1.terms.count }
            if quoted && termCount > 1 {
                let first = words[0].position
                let phrase = words.flatMap { word in
                    word.terms.map { Query.PhraseTerm(term: $0.term, offset: word.position + $0.offset - first) }
                }
                if seenPhrases.insert(phrase).inserted { clauses.append(.phrase(phrase)) }
            } else {
                for word in words {
                    switch word.clause {
                    case .term(let term):
                        if seenTerms.insert(term).inserted { clauses.append(.term(term)) }
                    case .phrase(let phrase):
                        if seenPhrases.insert(phrase).inserted { clauses.append(.phrase(phrase)) }
                    }
                }
            }
        }
        if clauses.isEmpty {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw QuarryError.badQuery(trimmed.isEmpty ? "the query is empty" : "the query \"\(trimmed)\" has no searchable words")
        }
        return Query(clauses: clauses, mode: mode)
    }
}
