/// One word of query text after analysis: usually a single term; a run of Han, kana or Hangul letters
/// gives the bigrams the index holds for it, which must be found next to each other.
public struct QueryWord: Sendable, Hashable {
    /// The word's terms with offsets from its first term (one term, or a run's bigrams at offsets 0, 1, 2, …).
    public var terms: [Query.PhraseTerm]
    /// The position of the first term in the analyzed text (stopwords removed from the query leave gaps).
    public var position: UInt32

    /// The clause that finds this word: `.term` for a single term, `.phrase` of the bigrams otherwise.
    public var clause: Query.Clause {
        terms.count == 1 ? .term(terms[0].term) : .phrase(terms)
    }
}

extension Analyzer {
    /// Analyzes query text like documents are analyzed and groups the terms into words: the bigrams
    /// of one Han/kana/Hangul run (recognized by their overlapping byte ranges) form one word, every
    /// other term is a word of its own. Query parsers build clauses from these (see ``QueryWord/clause``).
    public func queryWords(_ text: String) -> [QueryWord] {
        var words: [QueryWord] = []
        var previousEnd = -1
        var text = text
        _ = text.withUTF8 { utf8 in
            analyze(utf8, startPosition: 0) { term, position, start, end in
                let term = String(decoding: term, as: UTF8.self)
                if start < previousEnd, var last = words.popLast() {
                    last.terms.append(Query.PhraseTerm(term: term, offset: position - last.position))
                    words.append(last)
                } else {
                    words.append(QueryWord(terms: [Query.PhraseTerm(term: term, offset: 0)], position: position))
                }
                previousEnd = end
            }
        }
        return words
    }
}
