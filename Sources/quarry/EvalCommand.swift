import ArgumentParser
import Foundation
import Quarry

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a TREC run against TREC qrels: nDCG@10, MAP, MRR@10, Recall@100.",
        discussion: """
            Follows trec_eval: each query's documents are ordered by score (descending, ties by docid \
            descending); every query of the qrels counts, one missing from the run scores 0; queries \
            the qrels do not judge are ignored. A grade of 1 or more is relevant; nDCG uses the grades as gains.
            """
    )

    @Option(help: "The relevance judgements (qid 0 docid grade).")
    var qrels: String

    @Argument(help: "The run to score (qid Q0 docid rank score name).")
    var runFile: String

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingErrors(json: json) {
            let judgements = try Qrels(contentsOfFile: qrels)
            // Scoring against no judgements would print zeros that look like a result.
            guard !judgements.queryIDs.isEmpty else {
                throw EvaluationFileError(file: qrels, line: nil, message: "no judgements (the file is empty or holds only blank lines): nothing to score the run against")
            }
            let evaluation = TRECEvaluator.evaluate(run: try TRECRun(contentsOfFile: runFile), qrels: judgements)
            let mean = evaluation.mean
            if json {
                print(Self.json(queries: evaluation.queryCount, mean))
            } else {
                print("queries     \(evaluation.queryCount)")
                print(String(format: "nDCG@10     %.4f", mean.ndcgAt10))
                print(String(format: "MAP         %.4f", mean.averagePrecision))
                print(String(format: "MRR@10      %.4f", mean.reciprocalRankAt10))
                print(String(format: "Recall@100  %.4f", mean.recallAt100))
            }
        }
    }

    /// The JSON report, keys in a fixed order, values at full precision.
    static func json(queries: Int, _ m: RelevanceMeasures) -> String {
        "{\"queries\": \(queries), \"ndcg_cut_10\": \(m.ndcgAt10), \"map\": \(m.averagePrecision), "
            + "\"mrr_10\": \(m.reciprocalRankAt10), \"recall_100\": \(m.recallAt100)}"
    }
}
