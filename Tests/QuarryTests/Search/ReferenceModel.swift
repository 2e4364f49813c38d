@testable import Quarry
import Foundation

/// A brute-force evaluator of query trees over the same tokens the index sees: BM25 per term with
/// index-wide statistics, phrases with the same slop rule, prefixes and boolean logic written out
/// plainly. The oracle the index must agree with.
struct ReferenceModel {
    struct Doc {
        var terms: [String]
        var positions: [String: [UInt32]]
        var titleTerms: [String] = []
        var titlePositions: [String: [UInt32]] = [:]
        var id: String = ""
        /// Per extra field: its tokens' count and positions.
        var extras: [String: FieldView] = [:]
    }

    /// One field's tokens in a document.
    struct FieldView {
        var length: Int
        var positions: [String: [UInt32]]
    }

    let docs: [Doc]
    let analyzer: Analyzer
    let k1: Double
    let b: Double
    let averageLength: Double
    /// Documents per term, per field ("text", "title").
    let frequencies: [String: [String: Int]]
    let titleAverageLength: Double
    /// How much a plain word's title match adds (the searcher's default).
    var titleWeight: Double = Double(SearchOptions.defaultTitleWeight)
    /// The index's extra text fields; a plain word searches them too, each with its weight.
    var extraFields: [String] = []
    var extraWeights: [String: Double] = [:]
    /// Per field: its average length ("body" and the extra fields; text and title above).
    var averages: [String: Double] = [:]
    /// Documents deleted but still in their segments: they count in the statistics (as in the
    /// index, until a merge drops them) and never match.
    var deleted: Set<Int> = []

    init(documents: [SourceDocument], analyzer: Analyzer, k1: Double = 1.2, b: Double = 0.75, extraFields: [String] = []) {
        var docs: [Doc] = []
        for d in documents {
            var text = d.title + "\n" + d.body
            var terms: [String] = []
            var positions: [String: [UInt32]] = [:]
            _ = text.withUTF8 { utf8 in
                analyzer.analyze(utf8) { term, position, _, _ in
                    let t = String(decoding: term, as: UTF8.self)
                    terms.append(t)
                    positions[t, default: []].append(position)
                }
            }
            var titleTerms: [String] = []
            var titlePositions: [String: [UInt32]] = [:]
            var title = d.title
            _ = title.withUTF8 { utf8 in
                analyzer.analyze(utf8) { term, position, _, _ in
                    let t = String(decoding: term, as: UTF8.self)
                    titleTerms.append(t)
                    titlePositions[t, default: []].append(position)
                }
            }
            var doc = Doc(terms: terms, positions: positions, titleTerms: titleTerms, titlePositions: titlePositions, id: d.id)
            for name in extraFields {
                var value = d.fields[name] ?? ""
                var view = FieldView(length: 0, positions: [:])
                _ = value.withUTF8 { utf8 in
                    analyzer.analyze(utf8) { term, position, _, _ in
                        view.positions[String(decoding: term, as: UTF8.self), default: []].append(position)
                        view.length += 1
                    }
                }
                doc.extras[name] = view
            }
            // The body: the text's occurrences after the title's (which come first).
            var body = FieldView(length: terms.count - titleTerms.count, positions: [:])
            for (term, list) in positions {
                let rest = Array(list.dropFirst(titlePositions[term]?.count ?? 0))
                if !rest.isEmpty { body.positions[term] = rest }
            }
            doc.extras["body"] = body
            docs.append(doc)
        }
        self.docs = docs
        var frequencies: [String: [String: Int]] = [:]
        for doc in docs {
            for term in doc.positions.keys { frequencies["text", default: [:]][term, default: 0] += 1 }
            for term in doc.titlePositions.keys { frequencies["title", default: [:]][term, default: 0] += 1 }
            for (name, view) in doc.extras {
                for term in view.positions.keys { frequencies[name, default: [:]][term, default: 0] += 1 }
            }
        }
        self.extraFields = extraFields
        for name in extraFields + ["body"] {
            let total = docs.reduce(0) { $0 + ($1.extras[name]?.length ?? 0) }
            averages[name] = total > 0 ? Double(Float(Double(total) / Double(max(docs.count, 1)))) : 1
        }
        self.frequencies = frequencies
        let titleTotal = docs.reduce(0) { $0 + $1.titleTerms.count }
        titleAverageLength = titleTotal > 0 ? Double(titleTotal) / Double(max(docs.count, 1)) : 1
        self.analyzer = analyzer
        self.k1 = k1
        self.b = b
        let total = docs.reduce(0) { $0 + $1.terms.count }
        averageLength = docs.isEmpty ? 1 : max(Double(total) / Double(docs.count), Double(Float.leastNormalMagnitude))
    }

    func docFreq(_ term: String, field: String = "text") -> Int { frequencies[field]?[term] ?? 0 }

    func view(_ doc: Doc, _ field: String) -> FieldView {
        if let extra = doc.extras[field] { return extra }
        return field == "title" ? FieldView(length: doc.titleTerms.count, positions: doc.titlePositions)
                                : FieldView(length: doc.terms.count, positions: doc.positions)
    }

    func idf(_ n: Int) -> Double { log(1 + (Double(docs.count) - Double(n) + 0.5) / (Double(n) + 0.5)) }

    func termScore(idf: Double, tf: Int, length: Int, field: String = "text") -> Double {
        let t = Double(tf)
        let average = field == "title" ? titleAverageLength : averages[field] ?? averageLength
        return idf * t * (k1 + 1) / (t + k1 * (1 - b + b * Double(length) / average))
    }

    private func tokens(_ text: String) -> [(term: String, position: UInt32)] {
        var text = text
        var result: [(String, UInt32)] = []
        _ = text.withUTF8 { utf8 in
            analyzer.analyze(utf8) { term, position, _, _ in result.append((String(decoding: term, as: UTF8.self), position)) }
        }
        return result
    }

    /// Occurrences of the phrase: exact starts for slop 0; otherwise greedy left-to-right windows
    /// (shifted positions within `slop` of each other, no position used twice).
    func phraseFrequency(_ doc: FieldView, _ words: [(term: String, offset: UInt32)], slop: Int) -> Int {
        for w in words where doc.positions[w.term] == nil { return 0 }
        if slop == 0 {
            var count = 0
            for p in doc.positions[words[0].term]! where p >= words[0].offset {
                let start = p - words[0].offset
                if words.allSatisfy({ doc.positions[$0.term]!.contains(start + $0.offset) }) { count += 1 }
            }
            return count
        }
        let maxOffset = words.map(\.offset).max()!
        var index = [Int](repeating: 0, count: words.count)
        var used = Set<UInt32>()
        var count = 0
        while true {
            var low = UInt32.max, high: UInt32 = 0, lowWord = 0
            for (e, w) in words.enumerated() {
                let list = doc.positions[w.term]!
                if index[e] >= list.count { return count }
                let v = list[index[e]] + (maxOffset - w.offset)
                if v < low { low = v; lowWord = e }
                high = max(high, v)
            }
            let actual = words.indices.map { doc.positions[words[$0].term]![index[$0]] }
            let distinct = Set(actual).count == actual.count && actual.allSatisfy { !used.contains($0) }
            if Int(high - low) <= slop && distinct {
                count += 1
                used.formUnion(actual)
                for e in words.indices { index[e] += 1 }
            } else {
                index[lowWord] += 1
            }
        }
    }

    /// The score of `query` in `doc`, or nil when it does not match.
    func evaluate(_ query: Query, _ doc: Doc, boost: Double = 1) -> Double? {
        switch query {
        case .term(let text, "id"), .phrase(let text, "id", _):
            let n = docs.filter { $0.id == text }.count
            return doc.id == text ? idf(n) * boost : nil
        case .term(let text, nil), .phrase(let text, nil, _):
            // A plain word: its text-field score plus the title's, weighted.
            let inText: Query, inTitle: Query
            if case .phrase(_, _, let slop) = query {
                (inText, inTitle) = (.phrase(text, field: "text", slop: slop), .phrase(text, field: "title", slop: slop))
            } else {
                (inText, inTitle) = (.term(text, field: "text"), .term(text, field: "title"))
            }
            // Each extra field of weight > 0 is searched too: a match there alone is a match.
            var extraScore: Double? = nil
            for name in extraFields {
                let weight = extraWeights[name] ?? Double(SearchOptions.defaultExtraFieldWeight)
                guard weight > 0 else { continue }
                let inField: Query
                if case .phrase(_, _, let slop) = query { inField = .phrase(text, field: name, slop: slop) } else { inField = .term(text, field: name) }
                if let s = evaluate(inField, doc, boost: boost * weight) { extraScore = (extraScore ?? 0) + s }
            }
            guard let score = evaluate(inText, doc, boost: boost) else { return extraScore }
            return score + (titleWeight > 0 ? evaluate(inTitle, doc, boost: boost * titleWeight) ?? 0 : 0) + (extraScore ?? 0)
        case .term(let text, let field?):
            let ts = tokens(text)
            if ts.isEmpty { return nil }
            if ts.count > 1 {
                return evaluate(.boolean(should: ts.map { .term($0.term, field: field) }), doc, boost: boost)
            }
            let fieldView = view(doc, field)
            guard let ps = fieldView.positions[ts[0].term] else { return nil }
            return termScore(idf: idf(docFreq(ts[0].term, field: field)), tf: ps.count, length: fieldView.length, field: field) * boost
        case .phrase(let text, let field?, let slop):
            let ts = tokens(text)
            if ts.isEmpty { return nil }
            if ts.count == 1 { return evaluate(.term(text, field: field), doc, boost: boost) }
            let words = ts.map { ($0.term, $0.position - ts[0].position) }
            let fieldView = view(doc, field)
            let f = phraseFrequency(fieldView, words, slop: slop)
            if f == 0 { return nil }
            let idfSum = words.reduce(0.0) { $0 + idf(docFreq($1.0, field: field)) }
            return termScore(idf: idfSum, tf: f, length: fieldView.length, field: field) * boost
        case .prefix(let text, let field):
            guard let p = analyzer.terms(text).first else { return nil }
            return view(doc, field ?? "text").positions.keys.contains { $0.hasPrefix(p) } ? boost : nil
        case .boost(let inner, let factor):
            return evaluate(inner, doc, boost: boost * Double(factor))
        case .constantScore(let inner, let value):
            return evaluate(inner, doc, boost: 1) == nil ? nil : Double(value) * boost
        case .boolean(let q):
            // Clauses with nothing searchable are left out (a required one does not fail the group).
            let must = q.must.filter { !isNothing($0) }, filter = q.filter.filter { !isNothing($0) }
            let should = q.should.filter { !isNothing($0) }
            if must.isEmpty && filter.isEmpty && should.isEmpty { return nil }
            let required = q.minimumShouldMatch > 0 ? q.minimumShouldMatch : (must.isEmpty && filter.isEmpty ? 1 : 0)
            var score = 0.0
            for clause in must {
                guard let s = evaluate(clause, doc, boost: boost) else { return nil }
                score += s
            }
            for clause in filter where evaluate(clause, doc) == nil { return nil }
            for clause in q.mustNot where !isNothing(clause) && evaluate(clause, doc) != nil { return nil }
            var matched = 0
            for clause in should {
                if let s = evaluate(clause, doc, boost: boost) {
                    score += s
                    matched += 1
                }
            }
            return matched >= required ? score : nil
        }
    }

    /// True when a query has no searchable words at all (it is left out of its group).
    func isNothing(_ query: Query) -> Bool {
        switch query {
        case .term(let text, "id"), .phrase(let text, "id", _): return text.isEmpty
        case .term(let text, _), .phrase(let text, _, _): return tokens(text).isEmpty
        case .prefix(let text, _): return analyzer.terms(text).isEmpty
        case .boost(let inner, _), .constantScore(let inner, _): return isNothing(inner)
        case .boolean(let q):
            let must = q.must.filter { !isNothing($0) }, filter = q.filter.filter { !isNothing($0) }
            let should = q.should.filter { !isNothing($0) }
            let required = q.minimumShouldMatch > 0 ? q.minimumShouldMatch : (must.isEmpty && filter.isEmpty ? 1 : 0)
            return (must.isEmpty && filter.isEmpty && should.isEmpty) || required > should.count
        }
    }

    /// Every matching document with its score, best first (ties by lower id).
    func search(_ query: Query) -> [(doc: Int, score: Double)] {
        var results: [(Int, Double)] = []
        for (i, doc) in docs.enumerated() where !deleted.contains(i) {
            if let s = evaluate(query, doc) { results.append((i, s)) }
        }
        return results.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}
