import Foundation

/// Turns query text into a ``Query`` using the index's analyzer.
///
/// Syntax: words are terms; text in double quotes is a phrase (an unterminated quote runs to the end).
/// Everything else (punctuation, operators) separates words. Repeated terms count once.
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
            let tokens = analyze(String(part))
            if quoted && tokens.count > 1 {
                let first = tokens[0].position
                let phrase = tokens.map { Query.PhraseTerm(term: $0.term, offset: $0.position - first) }
                if seenPhrases.insert(phrase).inserted { clauses.append(.phrase(phrase)) }
            } else {
                for token in tokens where seenTerms.insert(token.term).inserted {
                    clauses.append(.term(token.term))
                }
            }
        }
        if clauses.isEmpty {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw QuarryError.badQuery(trimmed.isEmpty ? "the query is empty" : "the query \"\(trimmed)\" has no searchable words")
        }
        return Query(clauses: clauses, mode: mode)
    }

    private func analyze(_ text: String) -> [(term: String, position: UInt32)] {
        var result: [(String, UInt32)] = []
        var text = text
        _ = text.withUTF8 { utf8 in
            analyzer.analyze(utf8, startPosition: 0) { term, position, _, _ in
                result.append((String(decoding: term, as: UTF8.self), position))
            }
        }
        return result
    }
}
