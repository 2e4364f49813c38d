/// Turns text into normalized terms with word positions and byte offsets.
///
/// Tokenizer "unicode-words-2": a token is a maximal run of letters (L*) and numbers (N*) of every
/// script, together with the marks (M*) that follow them, so combining accents and vowel signs stay
/// inside the word. Everything else separates tokens: whitespace, punctuation (including `'` and `-`),
/// `_`, symbols, emoji and invalid UTF-8 bytes. Soft hyphen, ZWNJ, ZWJ and variation selectors continue a
/// word but are left out of the term. Runs of Han, Hiragana, Katakana and Hangul letters are split into
/// overlapping bigrams at consecutive positions (`北京大学` → `北京 京大 大学`; a lone character stays one
/// term), and such a run also ends a neighbouring token of another script (`abc北京` → `abc 北京`).
/// Other scripts written without spaces (Thai, Lao, …) are not segmented: each run of letters is one token.
/// Indexes made before bigrams use "unicode-words-1", which keeps every run of letters whole.
///
/// After normalization the analyzer named in the settings runs: `plain` stops there; `english` drops
/// an English possessive `s` (after `'` or `’` that follows a word: "John's" → "john", without using a
/// position) and stems ASCII terms with ``EnglishStemmer``. A stopword list, if set, removes its words
/// (after possessives, before stemming); removed words keep their position, so phrases keep the gap.
///
/// Normalization, per character: `lowercase` applies the Unicode lowercase mapping of each scalar, without
/// context (plus `ς` → `σ`, so final sigma matches);
/// `foldDiacritics` applies canonical decomposition, removes the combining diacritical marks, Hebrew
/// points and Arabic harakat, maps `ł ø đ ħ ŧ ı` to `l o d h t i`, `ß` to `ss` and fullwidth
/// Latin letters and digits to ASCII. So "Café" → "cafe", "Łódź" → "lodz", "ά" → "α", "й" → "и".
/// `æ`, `œ`, `ð`, `þ` stay; Hangul syllables stay precomposed and CJK compatibility ideographs are not
/// mapped (see `CanonicalDecompositions`).
///
/// The character tables for a settings combination are built once per process, on first use (about
/// 30 ms); after that an analyzer is cheap to create, and safe to share between threads.
public struct Analyzer: Sendable {
    /// The settings this analyzer applies.
    public let settings: AnalyzerSettings
    private let table: CharacterTable

    /// Terms are never longer than this many bytes, whatever `maxTokenBytes` says.
    public static let termBytesLimit = 1 << 16

    /// The tokenizer names this analyzer implements.
    public static let supportedTokenizers: Set<String> = ["unicode-words-1", "unicode-words-2"]

    /// Creates an analyzer. The settings' tokenizer must be one of `supportedTokenizers`.
    public init(settings: AnalyzerSettings = .standard) {
        precondition(Self.supportedTokenizers.contains(settings.tokenizer),
                     "unknown tokenizer \(settings.tokenizer)")
        self.settings = settings
        self.table = CharacterTable.shared(lowercase: settings.lowercase, foldDiacritics: settings.foldDiacritics,
                                           cjkBigrams: settings.tokenizer != "unicode-words-1")
    }

    /// Tokenizes UTF-8 text. For each kept token calls `body(termBytes, position, byteStart, byteEnd)`:
    /// `termBytes` is the normalized term (valid only during the call), `position` the 0-based word
    /// position (counting from `startPosition`; dropped over-long tokens still use a position), and
    /// `byteStart..<byteEnd` the token's range in `utf8`.
    ///
    /// Returns the position after the last token (`startPosition` plus the number of tokens, dropped ones
    /// included), to pass as `startPosition` when the same field continues in another buffer.
    @discardableResult
    public func analyze(_ utf8: UnsafeBufferPointer<UInt8>, startPosition: UInt32 = 0,
                        _ body: (UnsafeBufferPointer<UInt8>, UInt32, Int, Int) -> Void) -> UInt32 {
        if settings.name == .plain && settings.stopwords == nil {
            return tokenize(utf8, startPosition: startPosition, body)
        }
        return analyzeFiltered(utf8, startPosition: startPosition, body)
    }

    /// The most bytes a term can have with these settings.
    var maxTermBytes: Int { min(max(settings.maxTokenBytes, 0), Self.termBytesLimit) }

    /// The tokenizer and normalization alone (the `plain` analyzer without stopwords); same contract as `analyze`.
    @inline(__always)
    func tokenize(_ utf8: UnsafeBufferPointer<UInt8>, startPosition: UInt32,
                  _ body: (UnsafeBufferPointer<UInt8>, UInt32, Int, Int) -> Void) -> UInt32 {
        let maxTermBytes = self.maxTermBytes
        return table.words.withUnsafeBufferPointer { words in
            table.bytes.withUnsafeBufferPointer { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTermBytes + TokenScanner.slack) { scratch in
                    let scanner = TokenScanner(words: words.baseAddress!, bytes: bytes.baseAddress!,
                                               scratch: scratch.baseAddress!, maxTermBytes: maxTermBytes,
                                               lowercase: settings.lowercase)
                    return scanner.scan(utf8, startPosition: startPosition, body)
                }
            }
        }
    }

    /// The normalized terms of a string, in order (for queries and tests).
    public func terms(_ text: String) -> [String] {
        var text = text
        var result: [String] = []
        _ = text.withUTF8 { utf8 in
            analyze(utf8) { term, _, _, _ in result.append(String(decoding: term, as: UTF8.self)) }
        }
        return result
    }
}

extension Analyzer {
    /// The terms of `text` normalized by the tokenizer only (no stemming or stopwords): prefixes
    /// are matched against these.
    public func normalizedTerms(_ text: String) -> [String] {
        var text = text
        var result: [String] = []
        _ = text.withUTF8 { utf8 in
            tokenize(utf8, startPosition: 0) { term, _, _, _ in result.append(String(decoding: term, as: UTF8.self)) }
        }
        return result
    }
}
