/// Chooses which segments a commit merges, so that the segment count stays logarithmic in the
/// index's size while no commit rewrites the whole index (unless asked to).
///
/// Segments are grouped in tiers by their live document count (tier `t` holds counts in
/// `[f^t, f^(t+1))` for `f = segmentsPerTier`). When a tier has `segmentsPerTier` segments, the
/// smallest of them are merged into one segment of the next tier, and so on up. A segment whose
/// deleted documents exceed `deletedFractionToRewrite` of it is rewritten (alone, or with its tier)
/// to reclaim their space. This is the idea of Lucene's tiered and log-size policies, simplified:
/// a commit runs the merges its segments still need; with more than one indexing thread, the writer
/// also merges flushed segments on a background thread while documents keep arriving.
public struct TieredMergePolicy: Sendable, Equatable {
    /// How many segments of one tier trigger their merge (at least 2).
    public var segmentsPerTier: Int
    /// Deleted documents, as a fraction of a segment, above which it is rewritten.
    public var deletedFractionToRewrite: Double

    public init(segmentsPerTier: Int = 8, deletedFractionToRewrite: Double = 0.25) {
        self.segmentsPerTier = max(2, segmentsPerTier)
        self.deletedFractionToRewrite = deletedFractionToRewrite
    }

    /// The tier of a segment with `liveDocuments` live documents.
    func tier(of liveDocuments: Int) -> Int {
        var tier = 0, bound = segmentsPerTier
        while liveDocuments >= bound && tier < 40 {
            tier += 1
            bound = bound.multipliedReportingOverflow(by: segmentsPerTier).overflow ? Int.max : bound * segmentsPerTier
        }
        return tier
    }

    /// One round of merges for `segments`: groups of segment names, each to be merged into one.
    /// Empty when the segments are in shape. A commit applies rounds until one is empty.
    func merges(for segments: [Manifest.SegmentInfo]) -> [[String]] {
        var byTier: [Int: [Manifest.SegmentInfo]] = [:]
        for segment in segments { byTier[tier(of: segment.liveDocumentCount), default: []].append(segment) }
        var groups: [[String]] = []
        var chosen: Set<String> = []
        for t in byTier.keys.sorted() {
            let members = byTier[t]!.sorted { ($0.liveDocumentCount, $0.name) < ($1.liveDocumentCount, $1.name) }
            var start = 0
            while members.count - start >= segmentsPerTier {
                let group = members[start..<start + segmentsPerTier].map(\.name)
                groups.append(group)
                chosen.formUnion(group)
                start += segmentsPerTier
            }
        }
        for segment in segments where !chosen.contains(segment.name) && segment.documentCount > 0
            && Double(segment.deletedCount) > deletedFractionToRewrite * Double(segment.documentCount) {
            groups.append([segment.name])
        }
        return groups
    }
}
