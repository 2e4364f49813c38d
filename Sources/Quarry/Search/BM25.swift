import Foundation

/// BM25 parameters and the formulas the searcher and the upper bounds share.
///
/// idf = ln(1 + (N − n + 0.5) / (n + 0.5)); term score = idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl / avgdl)).
/// N, n and avgdl are index-wide. Scores are computed in `Float`; the per-document part
/// `k1 · (1 − b + b · dl / avgdl)` is precomputed per segment into a norms table.
public struct BM25: Sendable, Hashable {
    public var k1: Float
    public var b: Float

    public init(k1: Float = 1.2, b: Float = 0.75) {
        self.k1 = k1
        self.b = b
    }

    /// Inverse document frequency of a term found in `docFreq` of `documentCount` documents.
    public static func idf(docFreq: Int, documentCount: Int) -> Float {
        let n = Double(docFreq), total = Double(documentCount)
        return Float(log(1 + (total - n + 0.5) / (n + 0.5)))
    }

    /// The length normalisation `k1 · (1 − b + b · length / averageLength)`.
    @inline(__always)
    func norm(length: UInt32, averageLength: Float) -> Float {
        k1 * (1 - b + b * Float(length) / averageLength)
    }

    /// One term's score given `weight = idf · (k1 + 1)`, its frequency and the document's norm.
    @inline(__always)
    static func score(weight: Float, freq: UInt32, norm: Float) -> Float {
        let tf = Float(freq)
        return weight * tf / (tf + norm)
    }

    /// Fills a norms table for `lengths`.
    func norms(lengths: UnsafeBufferPointer<UInt32>, averageLength: Float) -> [Float] {
        var table = [Float](repeating: 0, count: lengths.count)
        table.withUnsafeMutableBufferPointer { out in
            for i in 0..<lengths.count { out[i] = norm(length: lengths[i], averageLength: averageLength) }
        }
        return table
    }
}
