import Testing
@testable import Quarry

/// Han, kana and Hangul runs become overlapping bigrams at consecutive positions.
@Suite struct CJKBigramTests {
    let analyzer = Analyzer()

    func tokens(_ text: String) -> [(String, UInt32, String)] {
        let bytes = Array(text.utf8)
        return analyzer.records(text).tokens.map {
            ($0.term, $0.position, String(decoding: bytes[$0.start..<$0.end], as: UTF8.self))
        }
    }

    @Test func hanRunGivesBigramsWithConsecutivePositions() {
        let result = tokens("我们在北京大学")
        #expect(result.map(\.0) == ["我们", "们在", "在北", "北京", "京大", "大学"])
        #expect(result.map(\.1) == [0, 1, 2, 3, 4, 5])
        #expect(result.map(\.2) == result.map(\.0))  // byte ranges cover the pair
        #expect(analyzer.records("我们在北京大学").next == 6)
    }

    @Test func loneCharacterIsAUnigram() {
        #expect(analyzer.terms("我") == ["我"])
        #expect(analyzer.terms("a 我 b") == ["a", "我", "b"])
        #expect(analyzer.records("a 我 b").tokens.map(\.position) == [0, 1, 2])
    }

    @Test func mixedScriptsSplitAtTheRunEdges() {
        #expect(analyzer.terms("中文，English混合") == ["中文", "english", "混合"])
        #expect(analyzer.terms("abc北京def") == ["abc", "北京", "def"])
        #expect(analyzer.records("abc北京大def").tokens.map(\.position) == [0, 1, 2, 3])
        #expect(analyzer.terms("北京2008年") == ["北京", "2008", "年"])
        #expect(analyzer.terms("Café東京") == ["cafe", "東京"])
    }

    @Test func kanaAndHangul() {
        #expect(analyzer.terms("東京タワー") == ["東京", "京タ", "タワ", "ワー"])
        #expect(analyzer.terms("ひらがな") == ["ひら", "らが", "がな"])
        #expect(analyzer.terms("한국어 텍스트") == ["한국", "국어", "텍스", "스트"])
        #expect(analyzer.terms("カタカナ") == ["カタ", "タカ", "カナ"])
        // Halfwidth katakana are part of a run too.
        #expect(analyzer.terms("ｶﾀｶﾅ").count == 3)
    }

    @Test func marksStayWithTheirCharacter() {
        // か + combining voiced sound mark, then き: one bigram holding all three scalars.
        let text = "か\u{3099}き"
        let result = analyzer.records(text).tokens
        #expect(result.count == 1)
        #expect(result.first?.end == text.utf8.count)
    }

    @Test func punctuationEndsARun() {
        #expect(analyzer.terms("東京。大阪") == ["東京", "大阪"])
        #expect(analyzer.terms("東。京") == ["東", "京"])
    }

    @Test func tooLongPairsAreDroppedButKeepTheirPosition() {
        let short = Analyzer(settings: AnalyzerSettings(maxTokenBytes: 5))
        // Each Han character is 3 bytes, so pairs (6 bytes) are too long; lone characters fit.
        let result = short.records("北京 上 海口").tokens
        #expect(result.map(\.term) == ["上"])
        #expect(result.map(\.position) == [1])
        #expect(short.records("北京 上 海口").next == 3)
    }

    @Test func queryWordOfSeveralBigramsIsAPhrase() throws {
        let analysis = QueryAnalysis(analyzer: analyzer, fields: ["text": 0], defaultField: 0)
        let key = { (s: String) in [UInt8(0)] + Array(s.utf8) }
        #expect(try analysis.analyze(.term("北京大学")) == .phrase(field: 0, words: [(term: Array("北京".utf8), offset: UInt32(0)), (term: Array("京大".utf8), offset: UInt32(1)), (term: Array("大学".utf8), offset: UInt32(2))], slop: 0, boost: 1))
        #expect(try analysis.analyze(.term("北京")) == .term(key: key("北京"), boost: 1))
        let parsed = try QueryParser(analyzer: analyzer).parse("北京大学 search")
        #expect(parsed == .boolean(should: [.term("北京大学"), .term("search")]))
        #expect(try analysis.analyze(parsed) == .boolean(
            must: [], should: [.phrase(field: 0, words: [(term: Array("北京".utf8), offset: UInt32(0)), (term: Array("京大".utf8), offset: UInt32(1)), (term: Array("大学".utf8), offset: UInt32(2))], slop: 0, boost: 1),
                               .term(key: key("search"), boost: 1)], mustNot: [], filter: [], requiredShould: 1))
    }
}
