#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The measures of one ranked list, given the grade of each retrieved document in rank order
/// (0 for documents that are not judged relevant) and the query's judgements.
///
/// A document is relevant when its grade is 1 or more. Every measure is 0 for a query without
/// relevant documents.
public enum RankingMeasures {
    /// nDCG at `cutoff` as trec_eval's `ndcg_cut`: the gain of a document is its grade, discounted
    /// by log2(rank + 1); the ideal list orders every positive judged grade from best to worst.
    public static func ndcg(rankedGrades: [Int], judgedGrades: [Int], cutoff: Int) -> Double {
        let ideal = judgedGrades.filter { $0 > 0 }.sorted(by: >)
        let best = dcg(ideal, cutoff: cutoff)
        return best > 0 ? dcg(rankedGrades, cutoff: cutoff) / best : 0
    }

    /// Average precision over the whole ranked list: the precision at the rank of each relevant
    /// retrieved document, summed and divided by the number of relevant documents (`relevantCount`,
    /// retrieved or not).
    public static func averagePrecision(rankedGrades: [Int], relevantCount: Int) -> Double {
        guard relevantCount > 0 else { return 0 }
        var found = 0
        var sum = 0.0
        for (index, grade) in rankedGrades.enumerated() where grade >= 1 {
            found += 1
            sum += Double(found) / Double(index + 1)
        }
        return sum / Double(relevantCount)
    }

    /// The reciprocal rank of the first relevant document among the first `cutoff`, else 0.
    public static func reciprocalRank(rankedGrades: [Int], cutoff: Int) -> Double {
        guard let index = rankedGrades.prefix(cutoff).firstIndex(where: { $0 >= 1 }) else { return 0 }
        return 1 / Double(index + 1)
    }

    /// The share of the `relevantCount` relevant documents found among the first `cutoff`.
    public static func recall(rankedGrades: [Int], relevantCount: Int, cutoff: Int) -> Double {
        guard relevantCount > 0 else { return 0 }
        return Double(rankedGrades.prefix(cutoff).count(where: { $0 >= 1 })) / Double(relevantCount)
    }

    /// Discounted cumulative gain of the first `cutoff` grades (negative grades gain nothing).
    static func dcg(_ grades: [Int], cutoff: Int) -> Double {
        var sum = 0.0
        for (index, grade) in grades.prefix(cutoff).enumerated() where grade > 0 {
            sum += Double(grade) / log2(Double(index + 2))
        }
        return sum
    }
}
