import Foundation
import Testing
@testable import Quarry

/// Quarry's measures against pytrec_eval's on real runs.
///
/// The fixtures in Fixtures/Evaluation are Quarry runs (plain analyzer, BM25, top 1000 cut to the
/// first 150 per query) on Cranfield (20 judged queries, query 7 left out of the run so that it
/// scores 0; graded) and CISI (15 queries, binary, including queries whose relevant documents tie
/// with others on score), with the qrels of those queries. `*.expected.json` holds pytrec_eval's
/// figures, written by `python3 Benchmarks/trec_check.py --qrels X.qrels X.run --per-query`.
@Suite("Evaluation: agreement with pytrec_eval")
struct PytrecEvalAgreementTests {
    static let tolerance = 1e-4

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("Evaluation").appendingPathComponent(name).path
    }

    @Test(arguments: ["cranfield", "cisi"])
    func everyQueryAndTheMeansMatch(collection: String) throws {
        let run = try TRECRun(contentsOfFile: Self.fixture(collection + ".run"))
        let qrels = try Qrels(contentsOfFile: Self.fixture(collection + ".qrels"))
        let evaluation = TRECEvaluator.evaluate(run: run, qrels: qrels)

        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixture(collection + ".expected.json")))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let perQuery = try #require(expected["per_query"] as? [String: [String: Double]])

        #expect(evaluation.queryCount == expected["queries"] as? Int)
        #expect(Set(evaluation.queryIDs) == Set(perQuery.keys))
        for (qid, measures) in evaluation.perQuery {
            let reference = try #require(perQuery[qid], "query \(qid) has no pytrec_eval figures")
            Self.compare(measures, reference, "\(collection) query \(qid)")
        }
        Self.compare(evaluation.mean, expected.compactMapValues { $0 as? Double }, "\(collection) means")
    }

    static func compare(_ m: RelevanceMeasures, _ reference: [String: Double], _ label: String) {
        let pairs: [(String, Double)] = [("ndcg_cut_10", m.ndcgAt10), ("map", m.averagePrecision),
                                         ("mrr_10", m.reciprocalRankAt10), ("recall_100", m.recallAt100)]
        for (key, ours) in pairs {
            guard let theirs = reference[key] else {
                Issue.record("\(label): no \(key) in the expected figures")
                continue
            }
            #expect(abs(ours - theirs) <= tolerance, "\(label) \(key): quarry \(ours), pytrec_eval \(theirs)")
        }
    }

    @Test func theFixturesExerciseWhatTheyClaim() throws {
        // Cranfield's qrels judge query 7, its run leaves it out.
        let cranfield = TRECEvaluator.evaluate(run: try TRECRun(contentsOfFile: Self.fixture("cranfield.run")),
                                               qrels: try Qrels(contentsOfFile: Self.fixture("cranfield.qrels")))
        #expect(cranfield.queryCount == 20)
        #expect(cranfield.perQuery.first { $0.queryID == "7" }?.measures == .zero)
        // CISI's run has relevant documents that tie on score with others.
        let run = try TRECRun(contentsOfFile: Self.fixture("cisi.run"))
        let qrels = try Qrels(contentsOfFile: Self.fixture("cisi.qrels"))
        var relevantTies = 0
        for (qid, entries) in run.entries {
            let scores = Dictionary(grouping: entries, by: { Float($0.score) })
            relevantTies += entries.count { (qrels.grades[qid]?[$0.docID] ?? 0) >= 1 && scores[Float($0.score)]!.count > 1 }
        }
        #expect(relevantTies > 0)
    }
}
