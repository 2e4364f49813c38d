import Testing
@testable import Quarry

/// The fast table-driven analyzer must agree with `ReferenceAnalyzer` on random text.
@Suite struct ReferenceComparisonTests {
    /// Characters random text is drawn from, grouped so each group is picked often enough.
    static let alphabet: [[Unicode.Scalar]] = [
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".unicodeScalars),
        Array("  \t\n.,;:!?'\"-_()[]/\\@#&*+=<>".unicodeScalars),
        (0xC0...0xFF).compactMap(Unicode.Scalar.init),                                      // Latin-1 letters
        (0x100...0x17F).compactMap(Unicode.Scalar.init),                                    // Latin Extended-A
        (0x300...0x36F).compactMap(Unicode.Scalar.init),                                    // combining marks
        (0x370...0x3FF).compactMap(Unicode.Scalar.init),                                    // Greek
        (0x1F00...0x1FFF).compactMap(Unicode.Scalar.init),                                  // Greek Extended
        (0x400...0x4FF).compactMap(Unicode.Scalar.init),                                    // Cyrillic
        (0x4E00...0x4E80).compactMap(Unicode.Scalar.init),                                  // CJK ideographs
        Array("ぁあかがゝゞアガヷーｱﾞ한국어각々〇\u{3099}\u{309A}".unicodeScalars),              // kana, Hangul, marks
        Array("«»“”‘’–—…·•€©™°±²½ⅫＡｚ１ẞİı\u{AD}\u{200C}\u{200D}\u{FE0F}😀👍🏽".unicodeScalars),
        Array("हिन्दीमरحباשָׁלוֹםภาษาไทย".unicodeScalars),
    ]

    static func randomText(_ rng: inout AnalysisTestRandom) -> String {
        var text = String.UnicodeScalarView()
        let count = Int(rng.next() % 60)
        for _ in 0..<count {
            let group = alphabet[Int(rng.next() % UInt64(alphabet.count))]
            text.append(group[Int(rng.next() % UInt64(group.count))])
        }
        return String(text)
    }

    @Test(arguments: [
        AnalyzerSettings.standard,
        AnalyzerSettings(foldDiacritics: false),
        AnalyzerSettings(lowercase: false),
        AnalyzerSettings(lowercase: false, foldDiacritics: false),
        AnalyzerSettings(maxTokenBytes: 7),
        AnalyzerSettings(tokenizer: "unicode-words-1"),
    ])
    func matchesReference(settings: AnalyzerSettings) {
        let fast = Analyzer(settings: settings)
        let reference = ReferenceAnalyzer(settings: settings)
        var rng = AnalysisTestRandom(seed: 42)
        var failures = 0
        for _ in 0..<3_000 {
            let text = Self.randomText(&rng)
            let expected = reference.records(text)
            let actual = fast.records(text)
            if actual.tokens != expected.tokens || actual.next != expected.next {
                failures += 1
                if failures <= 5 {
                    Issue.record("\(text.unicodeScalars.map { String($0.value, radix: 16) }): \(actual) vs reference \(expected)")
                }
            }
        }
        #expect(failures == 0)
    }

    /// Every single letter, number or mark of the smaller alphabets, alone and after "a", in every mode.
    @Test(arguments: [
        AnalyzerSettings.standard,
        AnalyzerSettings(foldDiacritics: false),
        AnalyzerSettings(lowercase: false),
        AnalyzerSettings(lowercase: false, foldDiacritics: false),
    ])
    func everySmallAlphabetScalarMatchesReference(settings: AnalyzerSettings) {
        let fast = Analyzer(settings: settings)
        let reference = ReferenceAnalyzer(settings: settings)
        var mismatches: [String] = []
        let ranges: [ClosedRange<UInt32>] = [0x80...0x33FF, 0x4E00...0x4E10, 0xAC00...0xAC10, 0x20000...0x20010, 0xA4D0...0xABFF, 0xF900...0xFFEF, 0x1_0000...0x1_1FFF, 0x1_D400...0x1_E9FF]
        for value in ranges.joined() {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "a" + String(scalar), "中" + String(scalar), String(scalar) + "中"] where fast.records(text) != reference.records(text) {
                mismatches.append("U+\(String(value, radix: 16)) in \(text.debugDescription)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(10))")
    }
}
