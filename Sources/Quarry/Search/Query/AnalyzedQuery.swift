/// A ``Query`` after analysis: terms are index keys, boosts are folded into weights, repeated words
/// are merged into one clause whose weight counts them.
indirect enum AnalyzedQuery: Equatable {
    /// A term key (field byte + term bytes) scored with BM25 times `boost`.
    case term(key: [UInt8], boost: Float)
    /// Words at offsets; exact when `slop` is 0.
    case phrase(field: UInt8, words: [(term: [UInt8], offset: UInt32)], slop: Int, boost: Float)
    /// Every term of `field` starting with `prefix`, scored `boost` (`field` may be ``BodyField/field``).
    case prefix(field: UInt8, prefix: [UInt8], boost: Float)
    /// A term of the body (the text after the title), derived from the text and title postings
    /// (see ``BodyField``); scored with BM25 times `boost`.
    case bodyTerm(term: [UInt8], boost: Float)
    /// Words at offsets in the body; exact when `slop` is 0.
    case bodyPhrase(words: [(term: [UInt8], offset: UInt32)], slop: Int, boost: Float)
    case boolean(must: [AnalyzedQuery], should: [AnalyzedQuery], mustNot: [AnalyzedQuery], filter: [AnalyzedQuery], requiredShould: Int)
    /// The inner query's matches, scored `value`.
    case constant(AnalyzedQuery, value: Float)
    /// Matches nothing (a word with no searchable characters).
    case nothing

    static func == (a: AnalyzedQuery, b: AnalyzedQuery) -> Bool {
        switch (a, b) {
        case let (.term(k1, b1), .term(k2, b2)): return k1 == k2 && b1 == b2
        case let (.phrase(f1, w1, s1, b1), .phrase(f2, w2, s2, b2)):
            return f1 == f2 && s1 == s2 && b1 == b2 && w1.count == w2.count
                && zip(w1, w2).allSatisfy { $0.term == $1.term && $0.offset == $1.offset }
        case let (.prefix(f1, p1, b1), .prefix(f2, p2, b2)): return f1 == f2 && p1 == p2 && b1 == b2
        case let (.bodyTerm(t1, b1), .bodyTerm(t2, b2)): return t1 == t2 && b1 == b2
        case let (.bodyPhrase(w1, s1, b1), .bodyPhrase(w2, s2, b2)):
            return s1 == s2 && b1 == b2 && w1.count == w2.count && zip(w1, w2).allSatisfy { $0.term == $1.term && $0.offset == $1.offset }
        case let (.boolean(m1, s1, n1, f1, r1), .boolean(m2, s2, n2, f2, r2)):
            return m1 == m2 && s1 == s2 && n1 == n2 && f1 == f2 && r1 == r2
        case let (.constant(q1, v1), .constant(q2, v2)): return q1 == q2 && v1 == v2
        case (.nothing, .nothing): return true
        default: return false
        }
    }

    /// Every term key a query scores or matches by (prefixes excluded).
    var termKeys: [[UInt8]] {
        switch self {
        case .term(let key, _): return [key]
        case .phrase(let field, let words, _, _): return words.map { [field] + $0.term }
        // Body words have statistics of their own (``bodyTerms``).
        case .prefix, .nothing, .bodyTerm, .bodyPhrase: return []
        case .boolean(let must, let should, let mustNot, let filter, _):
            return (must + should + mustNot + filter).flatMap(\.termKeys)
        case .constant(let inner, _): return inner.termKeys
        }
    }

    /// The words of body terms and body phrases (their statistics come from ``BodyField``).
    var bodyTerms: [[UInt8]] {
        switch self {
        case .bodyTerm(let term, _): return [term]
        case .bodyPhrase(let words, _, _): return words.map(\.term)
        case .term, .phrase, .prefix, .nothing: return []
        case .boolean(let must, let should, let mustNot, let filter, _):
            return (must + should + mustNot + filter).flatMap(\.bodyTerms)
        case .constant(let inner, _): return inner.bodyTerms
        }
    }

    /// True when the query can match no document at all.
    var isNothing: Bool {
        if case .nothing = self { return true }
        return false
    }
}

/// Turns a ``Query`` into an ``AnalyzedQuery`` with the index's analyzer and fields.
struct QueryAnalysis {
    let analyzer: Analyzer
    /// Field name → field byte.
    let fields: [String: UInt8]
    /// The field byte of words given without a field.
    let defaultField: UInt8
    /// Fields whose match a word given without a field adds to its text-field score, with their weights.
    var alsoSearched: [UInt8: Float] = [:]
    /// Whether `body:` can be searched (the index has a title field).
    var hasBody = false

    func analyze(_ query: Query, boost: Float = 1) throws -> AnalyzedQuery {
        switch query {
        case .term(let text, nil) where !alsoSearched.isEmpty:
            return try alsoInFields(try analyze(.term(text, field: fieldName(defaultField)), boost: boost)) { field, weight in
                try analyze(.term(text, field: fieldName(field)), boost: boost * weight)
            }
        case .phrase(let text, nil, let slop) where !alsoSearched.isEmpty:
            return try alsoInFields(try analyze(.phrase(text, field: fieldName(defaultField), slop: slop), boost: boost)) { field, weight in
                try analyze(.phrase(text, field: fieldName(field), slop: slop), boost: boost * weight)
            }
        case .term(let text, let field) where field.flatMap({ fields[$0] }) == SegmentBuffer.idField:
            // A keyword field: the exact text is the term.
            return .term(key: [SegmentBuffer.idField] + Array(text.utf8), boost: boost)
        case .phrase(let text, let field, _) where field.flatMap({ fields[$0] }) == SegmentBuffer.idField:
            return .term(key: [SegmentBuffer.idField] + Array(text.utf8), boost: boost)
        case .term(let text, BodyField.name?) where hasBody:
            let tokens = tokens(text)
            if tokens.isEmpty { return .nothing }
            if tokens.count == 1 { return .bodyTerm(term: tokens[0].term, boost: boost) }
            if Self.isSpacelessScript(text) { return .bodyPhrase(words: relative(tokens), slop: 0, boost: boost) }
            return merged(.boolean(must: [], should: tokens.map { .bodyTerm(term: $0.term, boost: boost) }, mustNot: [], filter: [], requiredShould: 1))
        case .phrase(let text, BodyField.name?, let slop) where hasBody:
            let tokens = tokens(text)
            if tokens.isEmpty { return .nothing }
            if tokens.count == 1 { return .bodyTerm(term: tokens[0].term, boost: boost) }
            try Self.checkSloppyPhrase(words: tokens.count, slop: slop)
            return .bodyPhrase(words: relative(tokens), slop: max(0, slop), boost: boost)
        case .prefix(let text, BodyField.name?) where hasBody:
            let normalized = normalizedPrefix(text)
            if normalized.isEmpty { return .nothing }
            return .prefix(field: BodyField.field, prefix: normalized, boost: boost)
        case .term(let text, let field):
            let f = try fieldByte(field)
            let tokens = tokens(text)
            if tokens.isEmpty { return .nothing }
            if tokens.count == 1 { return .term(key: [f] + tokens[0].term, boost: boost) }
            if Self.isSpacelessScript(text) {
                // A run of CJK characters: its bigrams in order.
                return .phrase(field: f, words: relative(tokens), slop: 0, boost: boost)
            }
            // One typed word the analyzer splits ("e-mail", "x86_64"): its parts, any of them.
            return merged(.boolean(must: [], should: tokens.map { .term(key: [f] + $0.term, boost: boost) }, mustNot: [], filter: [], requiredShould: 1))
        case .phrase(let text, let field, let slop):
            let f = try fieldByte(field)
            let tokens = tokens(text)
            if tokens.isEmpty { return .nothing }
            if tokens.count == 1 { return .term(key: [f] + tokens[0].term, boost: boost) }
            try Self.checkSloppyPhrase(words: tokens.count, slop: slop)
            return .phrase(field: f, words: relative(tokens), slop: max(0, slop), boost: boost)
        case .prefix(let text, let field):
            let f = try fieldByte(field)
            let normalized = normalizedPrefix(text)
            if normalized.isEmpty { return .nothing }
            return .prefix(field: f, prefix: normalized, boost: boost)
        case .boost(let inner, let factor):
            guard factor.isFinite, factor >= 0 else { throw QuarryError.badQuery("a boost must be a finite number ≥ 0") }
            return try analyze(inner, boost: boost * factor)
        case .constantScore(let inner, let value):
            guard value.isFinite, value >= 0 else { throw QuarryError.badQuery("a constant score must be a finite number ≥ 0") }
            let analyzed = try analyze(inner, boost: 1)
            return analyzed.isNothing ? .nothing : .constant(analyzed, value: value * boost)
        case .boolean(let b):
            guard b.minimumShouldMatch >= 0 else { throw QuarryError.badQuery("minimumShouldMatch must be ≥ 0") }
            // A required clause with nothing searchable (a stopword, punctuation) is dropped, as in
            // Lucene: `+the python` means `python`.
            let must = try b.must.map { try analyze($0, boost: boost) }.filter { !$0.isNothing }
            let filter = try b.filter.map { try analyze($0, boost: 1) }.filter { !$0.isNothing }
            let should = try b.should.map { try analyze($0, boost: boost) }.filter { !$0.isNothing }
            let mustNot = try b.mustNot.map { try analyze($0, boost: 1) }.filter { !$0.isNothing }
            let required = b.minimumShouldMatch > 0 ? b.minimumShouldMatch : (must.isEmpty && filter.isEmpty ? 1 : 0)
            if required > should.count { return .nothing }
            if must.isEmpty && filter.isEmpty && should.isEmpty { return .nothing }
            return merged(.boolean(must: must, should: should, mustNot: mustNot, filter: filter, requiredShould: required))
        }
    }

    /// A word's text-field query, plus the same query in each also-searched field as optional extra score.
    /// The text field holds every text field, so the match is the text field's.
    private func alsoInFields(_ text: AnalyzedQuery, _ other: (UInt8, Float) throws -> AnalyzedQuery) rethrows -> AnalyzedQuery {
        if text.isNothing { return text }
        var should = [text]
        for (field, weight) in alsoSearched.sorted(by: { $0.key < $1.key }) where weight > 0 {
            let extra = try other(field, weight)
            if !extra.isNothing { should.append(extra) }
        }
        return should.count == 1 ? text : .boolean(must: [], should: should, mustNot: [], filter: [], requiredShould: 1)
    }

    private func fieldName(_ byte: UInt8) -> String? {
        fields.first { $0.value == byte }?.key
    }

    /// Merges repeated plain terms among a boolean's must and should clauses: a word typed twice
    /// counts twice (its boosts add up), as in Lucene and FTS5. Single-clause booleans unwrap.
    private func merged(_ query: AnalyzedQuery) -> AnalyzedQuery {
        guard case .boolean(let must, let should, let mustNot, let filter, let required) = query else { return query }
        func fold(_ clauses: [AnalyzedQuery]) -> [AnalyzedQuery] {
            var result: [AnalyzedQuery] = []
            var index: [[UInt8]: Int] = [:]
            for clause in clauses {
                if case .term(let key, let boost) = clause {
                    if let at = index[key], case .term(_, let previous) = result[at] {
                        result[at] = .term(key: key, boost: previous + boost)
                        continue
                    }
                    index[key] = result.count
                }
                result.append(clause)
            }
            return result
        }
        let mergedMust = fold(must)
        // Nested optional groups join this one's optional clauses when one match is enough in both
        // (same matches, same score), so a query of plain words stays one flat disjunction.
        var flatShould: [AnalyzedQuery] = []
        for clause in should {
            if required <= 1, case .boolean(let m, let s, let n, let f, let r) = clause, m.isEmpty, n.isEmpty, f.isEmpty, r <= 1, !s.isEmpty {
                flatShould.append(contentsOf: s)
            } else {
                flatShould.append(clause)
            }
        }
        // Merging should clauses would change how many of them match: only when one is enough.
        let mergedShould = required <= 1 ? fold(flatShould) : flatShould
        if mustNot.isEmpty && filter.isEmpty {
            if mergedMust.isEmpty && mergedShould.count == 1 && required <= 1 { return mergedShould[0] }
            if mergedMust.count == 1 && mergedShould.isEmpty { return mergedMust[0] }
        }
        return .boolean(must: mergedMust, should: mergedShould, mustNot: mustNot, filter: filter, requiredShould: required)
    }

    /// The most words a phrase with slop (`"…"~N`) may have. Counting its matches takes time that
    /// grows with the square of its words for every position of them in a document, so a phrase of
    /// hundreds of words kept one search busy for minutes.
    static let maxSloppyPhraseWords = 32

    /// Refuses a phrase with slop of more than ``maxSloppyPhraseWords`` words (an exact phrase has no limit).
    static func checkSloppyPhrase(words: Int, slop: Int) throws {
        guard slop > 0, words > maxSloppyPhraseWords else { return }
        throw QuarryError.badQuery("a phrase with slop (\"…\"~N) may have at most \(maxSloppyPhraseWords) words, this one has \(words)")
    }

    private func fieldByte(_ name: String?) throws -> UInt8 {
        guard let name else { return defaultField }
        guard let byte = fields[name] else {
            throw QuarryError.badQuery("unknown field '\(name)' (fields: \(fields.keys.sorted().joined(separator: ", ")))")
        }
        return byte
    }

    private func tokens(_ text: String) -> [(term: [UInt8], position: UInt32)] {
        var result: [([UInt8], UInt32)] = []
        var text = text
        _ = text.withUTF8 { utf8 in
            analyzer.analyze(utf8, startPosition: 0) { term, position, _, _ in result.append((Array(term), position)) }
        }
        return result
    }

    private func relative(_ tokens: [(term: [UInt8], position: UInt32)]) -> [(term: [UInt8], offset: UInt32)] {
        let first = tokens[0].position
        return tokens.map { ($0.term, $0.position - first) }
    }

    /// The prefix as the index stores terms: normalized by the tokenizer, not stemmed.
    private func normalizedPrefix(_ text: String) -> [UInt8] {
        analyzer.normalizedTerms(text).first.map { Array($0.utf8) } ?? []
    }

    /// True when the text has Han, Hiragana, Katakana or Hangul characters (written without spaces).
    static func isSpacelessScript(_ text: String) -> Bool {
        text.unicodeScalars.contains { s in
            switch s.value {
            case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F,
                 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F, 0x31F0...0x31FF, 0xFF66...0xFF9F:
                return true
            default: return false
            }
        }
    }
}
