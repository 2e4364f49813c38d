@testable import Quarry

/// One token as reported by `Analyzer.analyze`, copied out of the callback.
struct AnalyzedToken: Equatable, CustomStringConvertible {
    var term: String
    var position: UInt32
    var start: Int
    var end: Int

    var description: String { "\(term)@\(position)[\(start)..<\(end)]" }
}

extension Analyzer {
    /// Runs `analyze` over raw bytes and collects the tokens and the returned position.
    func records(_ bytes: [UInt8], startPosition: UInt32 = 0) -> (tokens: [AnalyzedToken], next: UInt32) {
        var tokens: [AnalyzedToken] = []
        let next = bytes.withUnsafeBufferPointer { buffer in
            analyze(buffer, startPosition: startPosition) { term, position, start, end in
                tokens.append(AnalyzedToken(term: String(decoding: term, as: UTF8.self), position: position, start: start, end: end))
            }
        }
        return (tokens, next)
    }

    /// Runs `analyze` over a string's UTF-8 bytes.
    func records(_ text: String, startPosition: UInt32 = 0) -> (tokens: [AnalyzedToken], next: UInt32) {
        records(Array(text.utf8), startPosition: startPosition)
    }
}

/// The analysis tests' deterministic generator: the shared SplitMix64.
typealias AnalysisTestRandom = SplitMix
