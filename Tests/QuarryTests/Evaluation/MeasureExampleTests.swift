import Testing
@testable import Quarry

/// Small runs worked out by hand; every expected number is derived in the comments.
@Suite("Evaluation: hand-worked measures")
struct MeasureExampleTests {
    typealias S = EvaluationTestSupport

    @Test func gradedNDCGAveragePrecisionReciprocalRankAndRecall() throws {
        // Judged: d1:3 d2:2 d3:1 d4:0 d5:2 → relevant (grade ≥ 1): d1 d2 d3 d5, 4 of them.
        // Retrieved, best first: d4 d2 d1 d6 d3 → grades 0 2 3 0 1 (d6 unjudged = 0; d5 not retrieved).
        // The file lists them in another order: the score decides.
        let qrels = "1 0 d1 3\n1 0 d2 2\n1 0 d3 1\n1 0 d4 0\n1 0 d5 2\n"
        let run = S.line("1", "d3", "1") + S.line("1", "d1", "3") + S.line("1", "d4", "5")
            + S.line("1", "d6", "2") + S.line("1", "d2", "4")
        // DCG@10  = 0/log2(2) + 2/log2(3) + 3/log2(4) + 0/log2(5) + 1/log2(6)
        //         = 0 + 1.2618595 + 1.5 + 0 + 0.3868528                 = 3.1487123
        // IDCG@10 from all judged grades 3 2 2 1 (d5 counts though it was not retrieved):
        //         = 3/log2(2) + 2/log2(3) + 2/log2(4) + 1/log2(5)
        //         = 3 + 1.2618595 + 1 + 0.4306766                        = 5.6925361
        // nDCG@10 = 3.1487123 / 5.6925361                                 = 0.5531300
        // AP      = (1/2 + 2/3 + 3/5) / 4 (relevant at ranks 2, 3, 5)     = 0.4416667
        // RR@10   = 1/2 (first relevant at rank 2); R@100 = 3/4.
        let m = try S.measures(try S.evaluate(run: run, qrels: qrels), "1")
        S.expect(m, ndcg: 0.5531299720027, ap: 0.44166666666666665, rr: 0.5, recall: 0.75)
    }

    @Test func tiesGoToTheLargerDocidComparedAsText() throws {
        // "9" and "10" tie on 2.0. As text (strcmp), "9" > "10", so "9" ranks first and the only
        // relevant document, "10", is second: RR = 1/2, AP = (1/2)/1. (Numerically, or ascending,
        // "10" would be first: 1.)
        let run = S.line("1", "10", "2.0") + S.line("1", "9", "2.0") + S.line("1", "c", "1.0")
        let m = try S.measures(try S.evaluate(run: run, qrels: "1 0 10 1\n"), "1")
        // nDCG@10 = (1/log2(3)) / (1/log2(2)) = 0.6309298
        S.expect(m, ndcg: 0.6309297535714575, ap: 0.5, rr: 0.5, recall: 1)
    }

    @Test func scoresTieInSinglePrecisionAsInTrecEval() throws {
        // 1.00000002 > 1.00000001 as doubles, but both round to the float 1.0: a tie, so "b"
        // (larger docid) goes first and the relevant "a" is second: RR = 1/2.
        let run = S.line("1", "a", "1.00000002") + S.line("1", "b", "1.00000001")
        let m = try S.measures(try S.evaluate(run: run, qrels: "1 0 a 1\n"), "1")
        #expect(m.reciprocalRankAt10 == 0.5)
        // A difference a float keeps (1.0002 > 1.0001) is not a tie: "a" first.
        let apart = S.line("1", "a", "1.0002") + S.line("1", "b", "1.0001")
        #expect(try S.measures(try S.evaluate(run: apart, qrels: "1 0 a 1\n"), "1").reciprocalRankAt10 == 1)
    }

    @Test func queryMissingFromTheRunScoresZeroAndUnjudgedQueriesAreIgnored() throws {
        // Query 1: its one relevant document at rank 1, every measure 1.
        // Query 2: judged, not in the run: every measure 0.
        // Query 3: in the run, not judged: ignored (even though it would score 0 if counted).
        let qrels = "1 0 a 1\n2 0 b 1\n"
        let run = S.line("1", "a", "1") + S.line("3", "x", "1")
        let evaluation = try S.evaluate(run: run, qrels: qrels)
        #expect(evaluation.queryIDs == ["1", "2"])
        S.expect(try S.measures(evaluation, "2"), ndcg: 0, ap: 0, rr: 0, recall: 0)
        // Means over 2 queries: (1 + 0) / 2.
        S.expect(evaluation.mean, ndcg: 0.5, ap: 0.5, rr: 0.5, recall: 0.5)
    }

    @Test func aDocumentListedTwiceCountsOnceAtItsBestScore() throws {
        // Relevant: a, b (2). "a" appears with 1.0 and 3.0; "c" with 2.0.
        // Once, at its best score: a(3.0) c(2.0) → grades 1 0.
        //   AP = (1/1)/2 = 0.5, R@100 = 1/2, RR = 1,
        //   nDCG = 1 / (1 + 1/log2(3)) = 1 / 1.6309298 = 0.6131472.
        // Counted twice it would be a a c: AP (1 + 2/2)/2 = 1, recall 2/2 = 1, nDCG 1;
        // kept at its first line (1.0) it would be c a: RR 1/2.
        let run = S.line("1", "a", "1.0") + S.line("1", "c", "2.0") + S.line("1", "a", "3.0")
        let m = try S.measures(try S.evaluate(run: run, qrels: "1 0 a 1\n1 0 b 1\n"), "1")
        S.expect(m, ndcg: 0.6131471927654584, ap: 0.5, rr: 1, recall: 0.5)
    }

    @Test func recallStopsAtRank100WhileAveragePrecisionReadsTheWholeList() throws {
        // 150 documents, scores 150 down to 1; relevant r1 at rank 1, r100 at 100, r101 at 101.
        // R@100 = 2/3. AP = (1/1 + 2/100 + 3/101) / 3 = (1 + 0.02 + 0.0297030) / 3 = 0.3499010.
        var run = ""
        for rank in 1...150 {
            let doc = [1, 100, 101].contains(rank) ? "r\(rank)" : "n\(rank)"
            run += S.line("1", doc, "\(151 - rank)", rank: rank)
        }
        let qrels = "1 0 r1 1\n1 0 r100 1\n1 0 r101 1\n"
        let m = try S.measures(try S.evaluate(run: run, qrels: qrels), "1")
        // nDCG@10 = 1 / (1 + 1/log2(3) + 1/log2(4)) = 1 / 2.1309298 = 0.4692787
        S.expect(m, ndcg: 0.46927872602275644, ap: 0.34990099009900993, rr: 1, recall: 2.0 / 3)
    }

    @Test func reciprocalRankCountsOnlyTheTop10() throws {
        // The first relevant document at rank 11: RR@10 = 0 and nDCG@10 = 0, but AP = (1/11)/1.
        var run = ""
        for rank in 1...11 { run += S.line("1", rank == 11 ? "hit" : "miss\(rank)", "\(20 - rank)") }
        let m = try S.measures(try S.evaluate(run: run, qrels: "1 0 hit 1\n"), "1")
        S.expect(m, ndcg: 0, ap: 1.0 / 11, rr: 0, recall: 1)
        // At rank 10 it still counts: RR = 1/10.
        let ten = String(run.split(separator: "\n").dropFirst().map { $0 + "\n" }.joined())
        #expect(try S.measures(try S.evaluate(run: ten, qrels: "1 0 hit 1\n"), "1").reciprocalRankAt10 == 0.1)
    }

    @Test func idealListIsCutAt10AndAQueryWithoutRelevantDocumentsScoresZero() throws {
        // 12 relevant documents of grade 1; the run returns 10 of them in the top 10: DCG equals
        // the ideal DCG of the first 10 grades, so nDCG@10 = 1 although 2 relevant are missing.
        // AP = 10 · 1 / 12; R@100 = 10/12.
        var qrels = "", run = ""
        for i in 1...12 { qrels += "1 0 r\(i) 1\n" }
        for i in 1...10 { run += S.line("1", "r\(i)", "\(100 - i)") }
        // Query 2 judges one document, grade 0: nothing relevant, every measure 0.
        qrels += "2 0 z 0\n"
        run += S.line("2", "z", "1")
        let evaluation = try S.evaluate(run: run, qrels: qrels)
        S.expect(try S.measures(evaluation, "1"), ndcg: 1, ap: 10.0 / 12, rr: 1, recall: 10.0 / 12)
        S.expect(try S.measures(evaluation, "2"), ndcg: 0, ap: 0, rr: 0, recall: 0)
    }

    @Test func negativeGradesGainNothing() throws {
        // a: -1 (judged, not relevant, and no negative gain), b: 1. Run a b.
        // nDCG@10 = (0 + 1/log2(3)) / (1/log2(2)) = 0.6309298; AP = (1/2)/1; RR = 1/2.
        let run = S.line("1", "a", "2") + S.line("1", "b", "1")
        let m = try S.measures(try S.evaluate(run: run, qrels: "1 0 a -1\n1 0 b 1\n"), "1")
        S.expect(m, ndcg: 0.6309297535714575, ap: 0.5, rr: 0.5, recall: 1)
    }

    @Test func dictionariesGiveQueriesInNumericOrder() throws {
        // Queries 10, 9, 2: numeric order 2 9 10 (as text it would be 10 2 9). Each judges "d";
        // the run finds it first for 9 only: measures 0, 1, 0 in that order.
        let qrels = Qrels(grades: ["10": ["d": 1], "9": ["d": 1], "2": ["d": 1]])
        let run = TRECRun(entries: ["9": [.init(docID: "d", score: 1)], "10": [.init(docID: "x", score: 1)]])
        let evaluation = TRECEvaluator.evaluate(run: run, qrels: qrels)
        #expect(evaluation.queryIDs == ["2", "9", "10"])
        #expect(evaluation.measures.map(\.reciprocalRankAt10) == [0, 1, 0])
        #expect(run.queryIDs == ["9", "10"])
    }
}
