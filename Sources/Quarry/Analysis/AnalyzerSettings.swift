/// The analyzer's configuration. It is stored in every index and reused at search time,
/// so that queries are always analyzed exactly like the documents were.
public struct AnalyzerSettings: Sendable, Hashable {
    /// Identifies the tokenization rules; bump when they change in a way that changes terms.
    public var tokenizer: String
    /// Lowercase every token (Unicode lowercase mapping).
    public var lowercase: Bool
    /// Remove diacritics ("Café" → "cafe").
    public var foldDiacritics: Bool
    /// Tokens longer than this many UTF-8 bytes (after normalization) are dropped; they still use a position.
    public var maxTokenBytes: Int

    public init(tokenizer: String = "unicode-words-1", lowercase: Bool = true, foldDiacritics: Bool = true, maxTokenBytes: Int = 40) {
        self.tokenizer = tokenizer
        self.lowercase = lowercase
        self.foldDiacritics = foldDiacritics
        self.maxTokenBytes = maxTokenBytes
    }

    /// The settings new indexes use.
    public static let standard = AnalyzerSettings()
}
