@testable import Quarry
import Foundation

/// A brute-force BM25 over the same tokens the index sees: the oracle the index must agree with.
struct ReferenceModel {
    struct Doc {
        var terms: [String]
        var positions: [String: [UInt32]]
    }

    let docs: [Doc]
    let k1: Double
    let b: Double
    let averageLength: Double

    init(documents: [SourceDocument], analyzer: Analyzer, k1: Double = 1.2, b: Double = 0.75) {
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
            docs.append(Doc(terms: terms, positions: positions))
        }
        self.docs = docs
        self.k1 = k1
        self.b = b
        let total = docs.reduce(0) { $0 + $1.terms.count }
        averageLength = docs.isEmpty ? 1 : max(Double(total) / Double(docs.count), Double(Float.leastNormalMagnitude))
    }

    func docFreq(_ term: String) -> Int { docs.filter { $0.positions[term] != nil }.count }

    func idf(_ n: Int) -> Double { log(1 + (Double(docs.count) - Double(n) + 0.5) / (Double(n) + 0.5)) }

    func termScore(idf: Double, tf: Int, length: Int) -> Double {
        let t = Double(tf)
        return idf * t * (k1 + 1) / (t + k1 * (1 - b + b * Double(length) / averageLength))
    }

    func phraseFrequency(_ doc: Doc, _ phrase: [Query.PhraseTerm]) -> Int {
        guard let firsts = doc.positions[phrase[0].term] else { return 0 }
        var count = 0
        for p in firsts where p >= phrase[0].offset {
            let start = p - phrase[0].offset
            if phrase.allSatisfy({ doc.positions[$0.term]?.contains(start + $0.offset) ?? false }) { count += 1 }
        }
        return count
    }

    /// Every matching document with its score, best first (ties by lower id).
    func search(_ query: Query) -> [(doc: Int, score: Double)] {
        var idfs: [String: Double] = [:]
        for term in query.terms { idfs[term] = idf(docFreq(term)) }
        var results: [(Int, Double)] = []
        for (i, doc) in docs.enumerated() {
            var score = 0.0
            var matched = 0
            for clause in query.clauses {
                switch clause {
                case .term(let t):
                    if let ps = doc.positions[t] {
                        score += termScore(idf: idfs[t]!, tf: ps.count, length: doc.terms.count)
                        matched += 1
                    }
                case .phrase(let phrase):
                    let f = phraseFrequency(doc, phrase)
                    if f > 0 {
                        let idf = phrase.reduce(0.0) { $0 + idfs[$1.term]! }
                        score += termScore(idf: idf, tf: f, length: doc.terms.count)
                        matched += 1
                    }
                }
            }
            let matches = query.mode == .any ? matched > 0 : matched == query.clauses.count
            if matches { results.append((i, score)) }
        }
        return results.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}
