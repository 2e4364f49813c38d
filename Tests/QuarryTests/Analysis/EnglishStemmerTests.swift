import Foundation
import Testing
@testable import Quarry

/// The English stemmer must agree with the reference Snowball implementation on every word of the
/// fixture (generated once by `Fixtures/Stemmer/generate.py` with the `snowballstemmer` package).
@Suite struct EnglishStemmerTests {
    static func fixture() throws -> [(word: String, stem: String)] {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("Stemmer").appendingPathComponent("english.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(parts[0]), String(parts[1]))
        }
    }

    @Test func agreesWithReferenceOnEveryFixtureWord() throws {
        let pairs = try Self.fixture()
        #expect(pairs.count >= 20_000)
        var mismatches: [String] = []
        for (word, expected) in pairs {
            let stem = EnglishStemmer.stem(word)
            if stem != expected { mismatches.append("\(word): \(stem), expected \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(30).joined(separator: "; "))")
    }

    @Test func knownStems() {
        let cases = [
            ("running", "run"), ("generously", "generous"), ("dying", "die"), ("proceeding", "proceed"),
            ("skies", "sky"), ("news", "news"), ("caresses", "caress"), ("happiness", "happi"),
            ("relational", "relat"), ("hopping", "hop"), ("hoped", "hope"), ("a", "a"), ("is", "is"),
        ]
        for (word, stem) in cases { #expect(EnglishStemmer.stem(word) == stem, "\(word)") }
    }

    @Test func nonASCIIWordsAreUnchanged() {
        #expect(EnglishStemmer.stem("naïvely") == "naïvely")
        #expect(EnglishStemmer.stem("北京") == "北京")
    }
}
