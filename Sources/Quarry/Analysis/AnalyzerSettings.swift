/// The analyzer's configuration. It is stored in every index and reused at search time,
/// so that queries are always analyzed exactly like the documents were.
public struct AnalyzerSettings: Sendable, Hashable {
    /// Identifies the tokenization rules; bump when they change in a way that changes terms.
    /// "unicode-words-2" (new indexes) splits Han, kana and Hangul runs into bigrams;
    /// "unicode-words-1" (older indexes) keeps each such run as one token.
    public var tokenizer: String
    /// Lowercase every token (Unicode lowercase mapping).
    public var lowercase: Bool
    /// Remove diacritics ("Café" → "cafe").
    public var foldDiacritics: Bool
    /// Tokens longer than this many UTF-8 bytes (after normalization) are dropped; they still use a position.
    public var maxTokenBytes: Int
    /// The language-specific steps applied after tokenization and normalization.
    public var name: AnalyzerName
    /// Words removed after tokenization (they leave a gap in positions), or nil to keep every word.
    public var stopwords: StopwordList?

    public init(tokenizer: String = AnalyzerSettings.currentTokenizer, lowercase: Bool = true, foldDiacritics: Bool = true,
                maxTokenBytes: Int = 40, name: AnalyzerName = .plain, stopwords: StopwordList? = nil) {
        self.tokenizer = tokenizer
        self.lowercase = lowercase
        self.foldDiacritics = foldDiacritics
        self.maxTokenBytes = maxTokenBytes
        self.name = name
        self.stopwords = stopwords
    }

    /// The tokenizer new indexes use.
    public static let currentTokenizer = "unicode-words-2"

    /// The settings new indexes use: the `plain` analyzer.
    public static let standard = AnalyzerSettings()

    /// The `plain` analyzer, optionally with stopwords.
    public static func plain(stopwords: StopwordList? = nil) -> AnalyzerSettings {
        AnalyzerSettings(name: .plain, stopwords: stopwords)
    }

    /// The `english` analyzer (possessives removed, Porter2 stems), optionally with stopwords.
    public static func english(stopwords: StopwordList? = nil) -> AnalyzerSettings {
        AnalyzerSettings(name: .english, stopwords: stopwords)
    }

    /// A one-line description: analyzer name, stopwords, tokenizer and normalization.
    public var summary: String {
        var parts = [name.rawValue]
        if let stopwords { parts.append("\(stopwords.rawValue) stopwords") }
        parts.append(tokenizer)
        parts.append("lowercase \(lowercase)")
        parts.append("fold diacritics \(foldDiacritics)")
        parts.append("tokens up to \(maxTokenBytes) bytes")
        return parts.joined(separator: ", ")
    }
}

/// The analyzers Quarry offers, by the name stored in the index.
public enum AnalyzerName: String, Sendable, Hashable, CaseIterable {
    /// Unicode words, lowercased, diacritics folded; Han, kana and Hangul runs as bigrams.
    case plain
    /// `plain`, then English possessives (`'s`, `’s`) removed and the Snowball English (Porter2) stemmer.
    case english
}
