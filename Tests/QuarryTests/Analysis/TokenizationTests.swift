import Testing
@testable import Quarry

/// Where tokens start and end, for every kind of text the rules name.
@Suite struct TokenizationTests {
    let analyzer = Analyzer()

    @Test func asciiWords() {
        #expect(analyzer.terms("The quick brown Fox") == ["the", "quick", "brown", "fox"])
        #expect(analyzer.terms("  leading\tand\ntrailing  ") == ["leading", "and", "trailing"])
    }

    @Test func numbersAndMixedWords() {
        #expect(analyzer.terms("In 1984 there were 42,000 abc123 items") == ["in", "1984", "there", "were", "42", "000", "abc123", "items"])
        #expect(analyzer.terms("3.14 v2 2nd") == ["3", "14", "v2", "2nd"])
    }

    @Test func punctuationSeparates() {
        #expect(analyzer.terms("Hello, world! (yes) \"quoted\" a.b;c:d/e\\f|g") == ["hello", "world", "yes", "quoted", "a", "b", "c", "d", "e", "f", "g"])
        #expect(analyzer.terms("a+b=c <tag> #hash @user $5 100% é«ß»") == ["a", "b", "c", "tag", "hash", "user", "5", "100", "e", "ss"])
    }

    @Test func apostrophesSeparate() {
        #expect(analyzer.terms("don't") == ["don", "t"])
        #expect(analyzer.terms("l’homme O'Brien") == ["l", "homme", "o", "brien"])
    }

    @Test func hyphensAndDashesSeparate() {
        #expect(analyzer.terms("state-of-the-art") == ["state", "of", "the", "art"])
        #expect(analyzer.terms("1990–2000 a—b") == ["1990", "2000", "a", "b"])
    }

    @Test func underscoresSeparate() {
        #expect(analyzer.terms("x_y snake_case_name __init__") == ["x", "y", "snake", "case", "name", "init"])
    }

    @Test func emojiAndSymbolsSeparate() {
        #expect(analyzer.terms("I❤️Swift👍🏽ok 🇫🇷 fr 👨‍👩‍👧family") == ["i", "swift", "ok", "fr", "family"])
        #expect(analyzer.terms("€100 ©2024 ™x") == ["100", "2024", "x"])
    }

    @Test func arabicAndHebrew() {
        #expect(analyzer.terms("مرحبا بالعالم") == ["مرحبا", "بالعالم"])
        #expect(analyzer.terms("שלום עולם") == ["שלום", "עולם"])
    }

    @Test func devanagariVowelSignsStayInsideWords() {
        // हिन्दी = ह ि न ् द ी: vowel signs and virama are marks that must not split the word.
        #expect(analyzer.terms("हिन्दी भाषा") == ["हिन्दी", "भाषा"])
        let (tokens, _) = analyzer.records("हिन्दी")
        #expect(tokens.count == 1)
        #expect(tokens.first?.end == "हिन्दी".utf8.count)
    }

    @Test func cjkRunsWereSingleTokensInTheFirstTokenizer() {
        let v1 = Analyzer(settings: AnalyzerSettings(tokenizer: "unicode-words-1"))
        #expect(v1.terms("東京タワーに行きました。今日は") == ["東京タワーに行きました", "今日は"])
        #expect(v1.terms("中文，English混合") == ["中文", "english混合"])
        #expect(v1.terms("한국어 텍스트") == ["한국어", "텍스트"])
    }

    @Test func thaiRunsAreSingleTokens() {
        // Thai vowel signs and tone marks are marks; spaces separate phrases.
        #expect(analyzer.terms("ภาษาไทย ง่ายมาก") == ["ภาษาไทย", "ง่ายมาก"])
    }

    @Test func marksStartNoToken() {
        // A combining mark after a separator is itself a separator; after a letter it extends the word.
        #expect(analyzer.terms(" \u{301}abc \u{94D}") == ["abc"])
        let (tokens, _) = analyzer.records("ab\u{301}\u{302} c")
        #expect(tokens.map(\.end) == [6, 8])
    }

    @Test func invisibleJoinersStayInsideWordsButLeaveTheTerm() {
        #expect(analyzer.terms("hyphen\u{AD}ation") == ["hyphenation"])
        #expect(analyzer.terms("می\u{200C}خواهم") == ["میخواهم"])
        #expect(analyzer.terms("\u{200D}solo") == ["solo"])
    }

    @Test func otherNumbersAreWords() {
        #expect(analyzer.terms("x² ½ Ⅻ ١٢٣ ४२") == ["x²", "½", "ⅻ", "١٢٣", "४२"])
    }

    @Test func emptyAndSeparatorOnlyInput() {
        #expect(analyzer.terms("") == [])
        #expect(analyzer.terms(" ,.;-_'\n\t🙂") == [])
        #expect(analyzer.records([]).next == 0)
        #expect(analyzer.records([], startPosition: 7).next == 7)
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        #expect(analyzer.analyze(empty, startPosition: 3) { _, _, _, _ in Issue.record("no token expected") } == 3)
    }
}
