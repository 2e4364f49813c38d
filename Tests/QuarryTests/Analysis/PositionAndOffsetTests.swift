import Testing
@testable import Quarry

/// Positions, byte ranges, over-long tokens, invalid UTF-8 and continuation across buffers.
@Suite struct PositionAndOffsetTests {
    let analyzer = Analyzer()

    @Test func byteRangesCoverTheOriginalTokens() {
        let text = "Über café, naïve — 東京 cafe\u{301}!"
        let bytes = Array(text.utf8)
        let (tokens, next) = analyzer.records(bytes)
        let originals = tokens.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        #expect(originals == ["Über", "café", "naïve", "東京", "cafe\u{301}"])
        #expect(tokens.map(\.position) == [0, 1, 2, 3, 4])
        #expect(next == 5)
    }

    @Test func tokenLengthLimit() {
        let forty = String(repeating: "a", count: 40)
        let fortyOne = String(repeating: "b", count: 41)
        let (tokens, next) = analyzer.records("one \(forty) \(fortyOne) two")
        #expect(tokens.map(\.term) == ["one", forty, "two"])
        #expect(tokens.map(\.position) == [0, 1, 3])  // the dropped token still used position 2
        #expect(next == 4)
    }

    @Test func tokenLengthIsMeasuredAfterNormalization() {
        // 20 × "é" is 40 bytes precomposed and 60 bytes decomposed; both fold to 20 bytes.
        let decomposed = String(repeating: "e\u{301}", count: 20)
        #expect(analyzer.terms(decomposed) == [String(repeating: "e", count: 20)])
        // 21 × "ж" is 42 bytes: dropped. 20 × "ж" is 40 bytes: kept.
        #expect(analyzer.terms(String(repeating: "Ж", count: 21) + " x") == ["x"])
        #expect(analyzer.terms(String(repeating: "Ж", count: 20)) == [String(repeating: "ж", count: 20)])
        // 30 × "ß" is 60 bytes in the input but folds to "ss" × 30 = 60 bytes: dropped; 20 × "ß" → 40 bytes: kept.
        #expect(analyzer.terms(String(repeating: "ß", count: 30)) == [])
        #expect(analyzer.terms(String(repeating: "ß", count: 20)).first?.utf8.count == 40)
    }

    @Test func veryLongTokensDoNotOverflowTheScratchBuffer() {
        let huge = String(repeating: "É", count: 100_000)
        let (tokens, next) = analyzer.records("a \(huge) b")
        #expect(tokens.map(\.term) == ["a", "b"])
        #expect(tokens.map(\.position) == [0, 2])
        #expect(next == 3)
    }

    @Test func everyTokenLengthAroundTheLimitAndTheChunkSize() {
        var rng = AnalysisTestRandom(seed: 99)
        for maximum in [0, 1, 7, 8, 9, 40] {
            let analyzer = Analyzer(settings: AnalyzerSettings(maxTokenBytes: maximum))
            for length in 0...70 {
                for padding in 0...9 {
                    let word = String((0..<length).map { _ in "AbCdEfGhIj".randomElement(using: &rng)! }) + "Zé9"
                    let text = String(repeating: " ", count: padding) + word + String(repeating: ".", count: padding % 3)
                    let (tokens, next) = analyzer.records(text)
                    let expected = word.lowercased().replacingOccurrences(of: "é", with: "e")
                    #expect(next == 1)
                    #expect(tokens.map(\.term) == (expected.utf8.count <= maximum ? [expected] : []), "\(text) max \(maximum)")
                    #expect(tokens.allSatisfy { $0.start == padding && $0.end == padding + word.utf8.count })
                }
            }
        }
    }

    @Test func customMaximum() {
        let short = Analyzer(settings: AnalyzerSettings(maxTokenBytes: 3))
        #expect(short.terms("a abc abcd éé ééé ßß") == ["a", "abc", "ee", "eee"])
        let unlimited = Analyzer(settings: AnalyzerSettings(maxTokenBytes: .max))
        #expect(unlimited.terms("a " + String(repeating: "b", count: 1000)) == ["a", String(repeating: "b", count: 1000)])
        let negative = Analyzer(settings: AnalyzerSettings(maxTokenBytes: -5))
        #expect(negative.records("a b").tokens.isEmpty)
        let none = Analyzer(settings: AnalyzerSettings(maxTokenBytes: 0))
        #expect(none.records("a b c").tokens.isEmpty)
        #expect(none.records("a b c").next == 3)
    }

    @Test func startPositionContinuesAField() {
        let title = analyzer.records("Quarry Guide")
        let body = analyzer.records("Search engines index words", startPosition: title.next)
        #expect(title.next == 2)
        #expect(body.tokens.map(\.position) == [2, 3, 4, 5])
        #expect(body.tokens.first?.start == 0)
        #expect(body.next == 6)
    }

    @Test func invalidUTF8BytesAreSeparators() {
        var bytes = Array("ab".utf8)
        bytes += [0xFF]                       // never valid
        bytes += Array("cd".utf8)
        bytes += [0xC3]                       // truncated two-byte sequence (é without its tail)
        bytes += Array("ef".utf8)
        bytes += [0xC0, 0x80]                 // overlong NUL
        bytes += Array("gh".utf8)
        bytes += [0xED, 0xA0, 0x80]           // UTF-16 surrogate
        bytes += Array("ij".utf8)
        bytes += [0xF4, 0x90, 0x80, 0x80]     // beyond U+10FFFF
        bytes += Array("kl".utf8)
        bytes += [0x80, 0xBF]                 // lone continuation bytes
        bytes += Array("mn".utf8)
        bytes += [0xE2, 0x82]                 // truncated at the very end
        let (tokens, _) = analyzer.records(bytes)
        #expect(tokens.map(\.term) == ["ab", "cd", "ef", "gh", "ij", "kl", "mn"])
        for token in tokens {
            #expect(String(decoding: bytes[token.start..<token.end], as: UTF8.self) == token.term)
        }
    }

    @Test func invalidBytesInsideAWordSplitIt() {
        let bytes: [UInt8] = Array("caf".utf8) + [0xC3, 0x28] + Array("x".utf8) + [0xE9] + Array("y".utf8)
        #expect(analyzer.records(bytes).tokens.map(\.term) == ["caf", "x", "y"])
    }

    @Test func randomBytesNeverCrashAndYieldValidUTF8() {
        var rng = AnalysisTestRandom(seed: 0xC0FFEE)
        for _ in 0..<300 {
            let count = Int(rng.next() % 200)
            let bytes = (0..<count).map { _ -> UInt8 in
                // Bias towards bytes that form (or almost form) multi-byte sequences.
                let r = rng.next()
                return r % 3 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : UInt8(0x80 | (r >> 8) % 0x75)
            }
            let (tokens, next) = analyzer.records(bytes)
            #expect(next >= UInt32(tokens.count))
            #expect(zip(tokens, tokens.dropFirst()).allSatisfy { $0.position < $1.position && $0.end <= $1.start })
            for token in tokens {
                #expect(token.start < token.end && token.end <= bytes.count)
                #expect(String(validating: bytes[token.start..<token.end], as: UTF8.self) != nil)
                #expect(String(validating: Array(token.term.utf8), as: UTF8.self) != nil)
            }
        }
    }
}
