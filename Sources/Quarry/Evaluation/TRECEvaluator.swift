/// The four measures `quarry eval` reports, for one query or averaged over queries.
public struct RelevanceMeasures: Sendable, Hashable {
    /// nDCG@10 (trec_eval's `ndcg_cut_10`).
    public var ndcgAt10: Double
    /// Average precision over the retrieved list (averaged: MAP).
    public var averagePrecision: Double
    /// Reciprocal rank of the first relevant document in the top 10 (averaged: MRR@10).
    public var reciprocalRankAt10: Double
    /// Recall in the top 100.
    public var recallAt100: Double

    public init(ndcgAt10: Double, averagePrecision: Double, reciprocalRankAt10: Double, recallAt100: Double) {
        self.ndcgAt10 = ndcgAt10
        self.averagePrecision = averagePrecision
        self.reciprocalRankAt10 = reciprocalRankAt10
        self.recallAt100 = recallAt100
    }

    /// All four measures 0: a query with no results.
    public static let zero = RelevanceMeasures(ndcgAt10: 0, averagePrecision: 0, reciprocalRankAt10: 0, recallAt100: 0)
}

/// A run scored against qrels.
public struct TRECEvaluation: Sendable, Hashable {
    /// The measures of every query of the qrels, in the qrels' order.
    public var perQuery: [(queryID: String, measures: RelevanceMeasures)] {
        zip(queryIDs, measures).map { ($0, $1) }
    }
    /// The queries scored: every query of the qrels.
    public var queryIDs: [String]
    /// The measures of each query in `queryIDs`.
    public var measures: [RelevanceMeasures]

    /// The number of queries scored.
    public var queryCount: Int { queryIDs.count }

    /// The arithmetic mean of each measure over all scored queries (all 0 when there are none).
    public var mean: RelevanceMeasures {
        guard !measures.isEmpty else { return .zero }
        let n = Double(measures.count)
        return RelevanceMeasures(ndcgAt10: measures.reduce(0) { $0 + $1.ndcgAt10 } / n,
                                 averagePrecision: measures.reduce(0) { $0 + $1.averagePrecision } / n,
                                 reciprocalRankAt10: measures.reduce(0) { $0 + $1.reciprocalRankAt10 } / n,
                                 recallAt100: measures.reduce(0) { $0 + $1.recallAt100 } / n)
    }
}

/// Scores TREC runs with trec_eval's semantics (as `trec_eval -c`).
public enum TRECEvaluator {
    /// Scores `run` against `qrels`.
    ///
    /// Every query of the qrels is scored; one the run does not answer scores 0 on every measure.
    /// Queries of the run that the qrels do not judge are ignored. Each query's documents are
    /// ordered by ``TRECRanking/ranked(_:)``.
    public static func evaluate(run: TRECRun, qrels: Qrels) -> TRECEvaluation {
        let measures = qrels.queryIDs.map { qid in
            measure(ranked: TRECRanking.ranked(run.entries[qid] ?? []), judgements: qrels.grades[qid] ?? [:])
        }
        return TRECEvaluation(queryIDs: qrels.queryIDs, measures: measures)
    }

    /// The measures of one query: its documents best first, and its judgements (docid to grade).
    public static func measure(ranked: [String], judgements: [String: Int]) -> RelevanceMeasures {
        let grades = ranked.map { judgements[$0] ?? 0 }
        let relevant = judgements.values.count(where: { $0 >= 1 })
        return RelevanceMeasures(
            ndcgAt10: RankingMeasures.ndcg(rankedGrades: grades, judgedGrades: Array(judgements.values), cutoff: 10),
            averagePrecision: RankingMeasures.averagePrecision(rankedGrades: grades, relevantCount: relevant),
            reciprocalRankAt10: RankingMeasures.reciprocalRank(rankedGrades: grades, cutoff: 10),
            recallAt100: RankingMeasures.recall(rankedGrades: grades, relevantCount: relevant, cutoff: 100))
    }
}
