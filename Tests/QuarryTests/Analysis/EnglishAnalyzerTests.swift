import Testing
@testable import Quarry

/// The `english` analyzer's possessives and stems, and stopword lists with their position gaps.
@Suite struct EnglishAnalyzerTests {
    let english = Analyzer(settings: .english())
    let englishStop = Analyzer(settings: .english(stopwords: .english))
    let plainStop = Analyzer(settings: .plain(stopwords: .english))

    @Test func plainIsUnchanged() {
        let plain = Analyzer(settings: .plain())
        #expect(plain.terms("John's dogs were Running") == ["john", "s", "dogs", "were", "running"])
    }

    @Test func possessivesAreRemovedWithoutUsingAPosition() {
        let result = english.records("John's dog and Mary’s cats").tokens
        #expect(result.map(\.term) == ["john", "dog", "and", "mari", "cat"])
        #expect(result.map(\.position) == [0, 1, 2, 3, 4])
        #expect(english.records("John's dog and Mary’s cats").next == 5)
    }

    @Test func onlyAnSAfterAnApostropheAfterAWordIsAPossessive() {
        #expect(english.terms("the 's list") == ["the", "s", "list"])         // nothing before the apostrophe
        #expect(english.terms("John' s") == ["john", "s"])                    // a space in between
        #expect(english.terms("rock'n'roll") == ["rock", "n", "roll"])
        #expect(english.terms("JOHN'S") == ["john"])
    }

    @Test func englishStems() {
        #expect(english.terms("Generously running ponies") == ["generous", "run", "poni"])
        #expect(english.terms("Naïvely") == ["naiv"])  // folded to ASCII first, then stemmed
        #expect(english.terms("北京大学 studies") == ["北京", "京大", "大学", "studi"])
    }

    @Test func stopwordsLeaveGaps() {
        let result = englishStop.records("The cat is on the mat").tokens
        #expect(result.map(\.term) == ["cat", "mat"])
        #expect(result.map(\.position) == [1, 5])
        #expect(englishStop.records("The cat is on the mat").next == 6)
        #expect(plainStop.terms("Running in the park") == ["running", "park"])
    }

    @Test func stopwordsAreCheckedBeforeStemming() {
        // "thing" is not a stopword; "this" is; "theirs" is neither (stems to "their").
        #expect(englishStop.terms("this thing theirs") == ["thing", "their"])
    }

    @Test func stopwordListIsLucenes() {
        #expect(StopwordList.english.words.count == 33)
        for word in StopwordList.english.words { #expect(plainStop.terms(word).isEmpty, "\(word)") }
        #expect(plainStop.terms("those them an't") == ["those", "them", "t"])
    }

    @Test func queryPhraseKeepsTheGapOfARemovedStopword() throws {
        let query = try QueryParser(analyzer: englishStop).parse("\"running in the park\"")
        let analysis = QueryAnalysis(analyzer: englishStop, fields: ["text": 0], defaultField: 0)
        #expect(try analysis.analyze(query) == .phrase(field: 0, words: [(term: Array("run".utf8), offset: UInt32(0)), (term: Array("park".utf8), offset: UInt32(3))], slop: 0, boost: 1))
    }

    @Test func queryOfOnlyStopwordsHasNothingToSearch() throws {
        let analysis = QueryAnalysis(analyzer: englishStop, fields: ["text": 0], defaultField: 0)
        #expect(try analysis.analyze(QueryParser(analyzer: englishStop).parse("the and of")).isNothing)
    }
}
