/// The per-character rules of the "unicode-words-1" tokenizer, written plainly.
/// They are evaluated once per scalar while building a `CharacterTable`, never per token.
enum ScalarRules {
    /// How a scalar takes part in tokenization.
    enum Role: UInt32 {
        /// Ends a token and cannot start one (punctuation, spaces, symbols, emoji, `_`, …).
        case separator = 0
        /// Starts or continues a token: letters (L*) and numbers (N*) of every script.
        case starter = 1
        /// Continues a token but cannot start one: marks (M*) and the invisible joiners.
        case continuer = 2
        /// A letter of a script written without spaces that is split into bigrams (Han, Hiragana,
        /// Katakana, Hangul; see `isBigramScript`). It ends any other token; a run of them is one CJK run.
        case bigram = 3
    }

    /// Whether a scalar belongs to Han, Hiragana, Katakana or Hangul (the scripts whose runs of letters
    /// the "unicode-words-2" tokenizer splits into overlapping bigrams). Only letters and numbers among
    /// them get the `bigram` role; their marks stay continuers.
    static func isBigramScript(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7AF, 0xD7B0...0xD7FF,
             0xFFA0...0xFFDC:                                                       // Hangul
            return true
        case 0x3041...0x309F, 0x1B000...0x1B16F, 0x1AFF0...0x1AFFF:                  // Hiragana, kana supplements
            return true
        case 0x30A0...0x30FF, 0x31F0...0x31FF, 0x32D0...0x32FE, 0x3300...0x3357,
             0xFF66...0xFF9F:                                                       // Katakana
            return true
        case 0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:                   // Han
            return true
        default:
            return false
        }
    }

    /// Invisible format characters that may sit inside a word (soft hyphen, ZWNJ, ZWJ).
    /// They continue a token and are never part of a term.
    static func isInvisibleJoiner(_ value: UInt32) -> Bool {
        value == 0x00AD || value == 0x200C || value == 0x200D
    }

    /// Variation selectors: they continue a token (they are marks) but are never part of a term.
    static func isVariationSelector(_ value: UInt32) -> Bool {
        (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value)
    }

    /// The role of a scalar, from its general category.
    static func role(of scalar: Unicode.Scalar) -> Role {
        role(of: scalar, category: scalar.properties.generalCategory)
    }

    /// The role of a scalar whose general category is already known.
    static func role(of scalar: Unicode.Scalar, category: Unicode.GeneralCategory) -> Role {
        if isInvisibleJoiner(scalar.value) { return .continuer }
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return .starter
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .continuer
        default:
            return .separator
        }
    }

    /// Marks removed by diacritic folding: the combining diacritical mark blocks
    /// (which is what canonical decomposition of accented Latin, Greek and Cyrillic letters yields),
    /// Hebrew points and cantillation, and Arabic harakat. Marks of other scripts
    /// (e.g. Devanagari vowel signs) are part of the spelling and are kept.
    static func isFoldableMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F,
             0x0591...0x05C7,
             0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06ED:
            return scalar.properties.generalCategory == .nonspacingMark
        default:
            return false
        }
    }

    /// Letters without a canonical decomposition that diacritic folding still maps to plain letters.
    /// `æ`, `œ`, `ð` and `þ` are distinct letters and are kept.
    static func foldedLetter(_ value: UInt32) -> String? {
        switch value {
        case 0x0142: "l"   // ł
        case 0x0141: "L"   // Ł
        case 0x00F8: "o"   // ø
        case 0x00D8: "O"   // Ø
        case 0x0111: "d"   // đ
        case 0x0110: "D"   // Đ
        case 0x0127: "h"   // ħ
        case 0x0126: "H"   // Ħ
        case 0x0167: "t"   // ŧ
        case 0x0166: "T"   // Ŧ
        case 0x0131: "i"   // dotless ı
        case 0x00DF: "ss"  // ß
        case 0x1E9E: "SS"  // capital ẞ
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:  // fullwidth digits and Latin letters
            String(Unicode.Scalar(value - 0xFF10 + 0x30)!)
        default: nil
        }
    }

    /// Lowercasing: the Unicode lowercase mapping, plus final sigma `ς` → `σ` so that
    /// "ΣΑΣ" and "σας" agree (as case folding does). Returns nil when the scalar is unchanged.
    static func lowercased(_ scalar: Unicode.Scalar) -> [Unicode.Scalar]? {
        if scalar.value == 0x03C2 { return ["\u{03C3}"] }
        guard scalar.properties.changesWhenLowercased else { return nil }
        return Array(scalar.properties.lowercaseMapping.unicodeScalars)
    }
}
