import Testing
@testable import Quarry

/// Scoring small hand-written qrels and runs.
enum EvaluationTestSupport {
    /// Scores run text against qrels text (both in TREC form).
    static func evaluate(run: String, qrels: String) throws -> TRECEvaluation {
        TRECEvaluator.evaluate(run: try TRECRun(parsing: run), qrels: try Qrels(parsing: qrels))
    }

    /// The measures of the one query `qid` of an evaluation.
    static func measures(_ evaluation: TRECEvaluation, _ qid: String) throws -> RelevanceMeasures {
        try #require(evaluation.perQuery.first { $0.queryID == qid }?.measures)
    }

    /// Checks every measure to within `tolerance`.
    static func expect(_ actual: RelevanceMeasures, ndcg: Double, ap: Double, rr: Double, recall: Double,
                       tolerance: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(actual.ndcgAt10 - ndcg) <= tolerance, "nDCG@10 \(actual.ndcgAt10), expected \(ndcg)", sourceLocation: sourceLocation)
        #expect(abs(actual.averagePrecision - ap) <= tolerance, "AP \(actual.averagePrecision), expected \(ap)", sourceLocation: sourceLocation)
        #expect(abs(actual.reciprocalRankAt10 - rr) <= tolerance, "RR@10 \(actual.reciprocalRankAt10), expected \(rr)", sourceLocation: sourceLocation)
        #expect(abs(actual.recallAt100 - recall) <= tolerance, "R@100 \(actual.recallAt100), expected \(recall)", sourceLocation: sourceLocation)
    }

    /// A run line for query `qid`.
    static func line(_ qid: String, _ doc: String, _ score: String, rank: Int = 0) -> String {
        "\(qid) Q0 \(doc) \(rank) \(score) test\n"
    }
}
