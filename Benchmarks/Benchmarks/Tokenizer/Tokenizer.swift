// Tokenizer: MB/s of `Analyzer.analyze` over 4 MiB of real English text.
//
// The text is the sample corpus's visible text (the seed article, then the Python and PostgreSQL
// documentation pages through Quarry's HTML extractor), repeated as needed and cut to exactly
// 4 MiB, so every run analyzes the same bytes. One iteration analyzes the whole buffer once; the
// callback only sums term lengths, so the figure is the analyzer's own speed.

import Benchmark
import BenchSupport
import Foundation
import Quarry

final class TokenizerText: Sendable {
    static let bytes = 4 << 20
    static let shared = Result { try TokenizerText() }

    let text: [UInt8]

    init() throws {
        text = try CorpusText.english(bytes: Self.bytes)
        // Builds both settings combinations' character tables outside the measurements.
        _ = Analyzer(settings: .standard).terms("warm up")
        _ = Analyzer(settings: Self.unfolded).terms("warm up")
        _ = Analyzer(settings: .english(stopwords: .english)).terms("warm up")
    }

    static let unfolded = AnalyzerSettings(lowercase: false, foldDiacritics: false)
}

let benchmarks: @Sendable () -> Void = {
    let megabytesPerSecond = rateMetric("MB/s")
    let tokensPerSecond = rateMetric("tokens/s")
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, megabytesPerSecond, tokensPerSecond],
        timeUnits: .microseconds,
        warmupIterations: 2,
        maxDuration: .seconds(3),
        maxIterations: 200
    )

    func analyzeAll(_ benchmark: Benchmark, _ analyzer: Analyzer, _ text: [UInt8]) {
        var tokens = 0
        var termBytes = 0
        let start = nanoseconds()
        _ = text.withUnsafeBufferPointer { utf8 in
            analyzer.analyze(utf8) { term, _, _, _ in
                tokens &+= 1
                termBytes &+= term.count
            }
        }
        let elapsed = Double(max(nanoseconds() - start, 1))
        blackHole(termBytes)
        benchmark.measurement(megabytesPerSecond, Int(Double(text.count) * 1e3 / elapsed)) // bytes/ns × 1e3 = MB/s
        benchmark.measurement(tokensPerSecond, Int(Double(tokens) * 1e9 / elapsed))
    }

    Benchmark("analyze 4 MiB English (standard: lowercase + fold diacritics)") { benchmark, text in
        analyzeAll(benchmark, Analyzer(settings: .standard), text.text)
    } setup: {
        try TokenizerText.shared.get()
    }

    Benchmark("analyze 4 MiB English (no folding, no lowercasing)") { benchmark, text in
        analyzeAll(benchmark, Analyzer(settings: TokenizerText.unfolded), text.text)
    } setup: {
        try TokenizerText.shared.get()
    }

    Benchmark("analyze 4 MiB English (english analyzer: possessives + Porter2 stems)") { benchmark, text in
        analyzeAll(benchmark, Analyzer(settings: .english()), text.text)
    } setup: {
        try TokenizerText.shared.get()
    }

    Benchmark("analyze 4 MiB English (english analyzer + English stopwords)") { benchmark, text in
        analyzeAll(benchmark, Analyzer(settings: .english(stopwords: .english)), text.text)
    } setup: {
        try TokenizerText.shared.get()
    }
}
