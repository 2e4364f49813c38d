import Testing
@testable import Quarry

/// Lowercasing and diacritic folding, and how the settings switch them.
@Suite struct NormalizationTests {
    let analyzer = Analyzer()

    @Test func precomposedAndCombiningDiacriticsFold() {
        #expect(analyzer.terms("Café café cafe\u{301} CAFE\u{301}") == ["cafe", "cafe", "cafe", "cafe"])
        #expect(analyzer.terms("Müller naïve Ångström façade señor") == ["muller", "naive", "angstrom", "facade", "senor"])
        #expect(analyzer.terms("Nguyễn Thị Minh Khai") == ["nguyen", "thi", "minh", "khai"])
    }

    @Test func uppercaseNonASCII() {
        #expect(analyzer.terms("ÉCOLE ÀÉÎÕÜ ÇA") == ["ecole", "aeiou", "ca"])
    }

    @Test func lettersWithoutDecomposition() {
        #expect(analyzer.terms("Łódź") == ["lodz"])
        #expect(analyzer.terms("Øresund Đakovo Ħamrun Straße STRAẞE ı") == ["oresund", "dakovo", "hamrun", "strasse", "strasse", "i"])
        #expect(analyzer.terms("Æsir œuvre Þór") == ["æsir", "œuvre", "þor"])
    }

    @Test func dottedCapitalI() {
        #expect(analyzer.terms("İstanbul") == ["istanbul"])
        let noFold = Analyzer(settings: AnalyzerSettings(foldDiacritics: false))
        #expect(noFold.terms("İ") == ["i\u{307}"])
    }

    @Test func greek() {
        #expect(analyzer.terms("Ελληνικά ΑΘΗΝΑ ά ώ ΐ") == ["ελληνικα", "αθηνα", "α", "ω", "ι"])
        #expect(analyzer.terms("ΣΑΣ σας Σας") == ["σασ", "σασ", "σασ"])
    }

    @Test func cyrillic() {
        #expect(analyzer.terms("Привет МИР ёлка Йод") == ["привет", "мир", "елка", "иод"])
    }

    @Test func arabicAndHebrewPointsFold() {
        #expect(analyzer.terms("مَرْحَبًا") == ["مرحبا"])
        #expect(analyzer.terms("שָׁלוֹם") == ["שלום"])
    }

    @Test func devanagariSignsAreNotFolded() {
        #expect(analyzer.terms("नमस्ते") == ["नमस्ते"])
    }

    @Test func fullwidthLettersAndDigits() {
        #expect(analyzer.terms("ＡＢＣ１２３ ｘｙｚ") == ["abc123", "xyz"])
    }

    @Test func lowercaseOnly() {
        let lower = Analyzer(settings: AnalyzerSettings(foldDiacritics: false))
        #expect(lower.terms("Café ÉCOLE Łódź ΣΑΣ") == ["café", "école", "łódź", "σασ"])
        #expect(lower.terms("cafe\u{301}") == ["cafe\u{301}"])
    }

    @Test func foldOnly() {
        let fold = Analyzer(settings: AnalyzerSettings(lowercase: false))
        #expect(fold.terms("Café ÉCOLE Łódź STRAẞE Straße") == ["Cafe", "ECOLE", "Lodz", "STRASSE", "Strasse"])
    }

    @Test func verbatim() {
        let raw = Analyzer(settings: AnalyzerSettings(lowercase: false, foldDiacritics: false))
        #expect(raw.terms("Café ÉCOLE x_y") == ["Café", "ÉCOLE", "x", "y"])
        // Joiners are still left out of terms.
        #expect(raw.terms("a\u{AD}b") == ["ab"])
    }

    @Test func termsAreUTF8OfTheNormalizedString() {
        for term in analyzer.terms("Ärger ĳssel ǅemal ﬁne ΐ Ǻ ǿ ṩ") {
            #expect(!term.isEmpty)
            #expect(term == term.lowercased())
        }
    }
}
