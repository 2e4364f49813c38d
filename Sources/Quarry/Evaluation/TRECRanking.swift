/// The order in which trec_eval reads a query's retrieved documents.
public enum TRECRanking {
    /// The documents of `entries`, best first: score descending, ties broken by docid descending
    /// (comparing UTF-8 bytes, like C's `strcmp`).
    ///
    /// Scores are compared in single precision, because trec_eval (and pytrec_eval) store them as
    /// C `float`s: 1.00000002 and 1.00000001 tie, and the larger docid goes first.
    ///
    /// A document listed more than once counts once, at its best position (trec_eval refuses
    /// such a run; pytrec_eval's dictionaries cannot express it).
    public static func ranked(_ entries: [TRECRun.Entry]) -> [String] {
        let sorted = entries.sorted { a, b in
            let x = Float(a.score), y = Float(b.score)
            if x != y { return x > y }
            return b.docID.utf8.lexicographicallyPrecedes(a.docID.utf8)
        }
        var seen = Set<String>()
        return sorted.compactMap { seen.insert($0.docID).inserted ? $0.docID : nil }
    }
}
