/// A suffix of at most 8 bytes packed for a one-comparison test against a word's last bytes,
/// with the rule code of the step that lists it.
struct StemmerSuffix: Sendable {
    /// The suffix's bytes, last byte in the lowest 8 bits.
    let packed: UInt64
    /// Ones over the suffix's bytes.
    let mask: UInt64
    let length: Int
    let code: Int

    init(_ text: StaticString, _ code: Int) {
        let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        precondition(bytes.count <= 8)
        var packed: UInt64 = 0
        for byte in bytes { packed = packed << 8 | UInt64(byte) }
        self.packed = packed
        mask = bytes.count == 8 ? ~0 : (1 << (8 * UInt64(bytes.count))) - 1
        length = bytes.count
        self.code = code
    }

    /// The last `min(count, 8)` bytes of a word, packed like `packed` (zeros beyond the word's start).
    @inline(__always)
    static func tail(_ w: UnsafeMutablePointer<UInt8>, _ count: Int) -> UInt64 {
        var tail: UInt64 = 0
        var i = max(count - 8, 0)
        while i < count {
            tail = tail << 8 | UInt64(w[i])
            i += 1
        }
        return tail
    }
}

/// The suffix lists of the English stemmer's steps, each sorted longest first with a rule code.
enum StemmerTables {
    private static func table(_ entries: [(StaticString, Int)]) -> [StemmerSuffix] {
        entries.map { StemmerSuffix($0.0, $0.1) }
    }

    /// Prefixes after which R1 starts, whatever the vowels say.
    static let regionPrefixes: [StaticString] = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"]

    /// Step 1b: code 1 → `ee` in R1, 2 → remove after a vowel, 3 (`ing`) → like 2 but with exceptions.
    static let step1b = table([("eedly", 1), ("ingly", 2), ("edly", 2), ("eed", 1), ("ing", 3), ("ed", 2)])
    /// Whole stems before `eed`/`eedly` that are kept (proceed, exceed, succeed).
    static let eedStems: [StaticString] = ["succ", "proc", "exc"]
    /// Whole stems before `ing` that are kept (evening, canning, inning, earring, herring, outing).
    static let ingStems: [StaticString] = ["even", "cann", "inn", "earr", "herr", "out"]

    /// Double consonants that Step 1b undoubles.
    static func isDoubleLetter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "m"),
             UInt8(ascii: "n"), UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "t"): true
        default: false
        }
    }

    /// Letters before which Step 2 removes `li`.
    static func isValidLIEnding(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "g"), UInt8(ascii: "h"),
             UInt8(ascii: "k"), UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): true
        default: false
        }
    }

    /// Step 2 rule codes that are conditions rather than replacements.
    static let afterL = 100, afterValidLI = 101
    /// Step 2 replacements, indexed by rule code.
    static let step2Replacements: [StaticString] = ["tion", "ence", "ance", "able", "ent", "ize", "ate", "al", "ful", "ous", "ive", "ble", "og", "less"]
    static let step2 = table([
        ("ational", 6), ("ization", 5), ("iveness", 10), ("fulness", 8), ("ousness", 9),
        ("tional", 0), ("biliti", 11), ("lessli", 13),
        ("fulli", 8), ("ousli", 9), ("entli", 4), ("aliti", 7), ("iviti", 10), ("alism", 7), ("ation", 6), ("ogist", 12),
        ("anci", 2), ("enci", 1), ("abli", 3), ("alli", 7), ("izer", 5), ("ator", 6),
        ("bli", 11), ("ogi", afterL),
        ("li", afterValidLI),
    ])

    /// Step 3 rule code for `ative`, removed only in R2.
    static let inR2 = 100
    /// Step 3 replacements, indexed by rule code.
    static let step3Replacements: [StaticString] = ["tion", "ate", "al", "ic", ""]
    static let step3 = table([
        ("ational", 1), ("tional", 0), ("icate", 3), ("ative", inR2), ("alize", 2), ("iciti", 3),
        ("ical", 3), ("ness", 4), ("ful", 4),
    ])

    /// Step 4 rule code for `ion`, removed only after `s` or `t`.
    static let afterSOrT = 1
    static let step4 = table([
        ("ement", 0), ("ment", 0), ("ance", 0), ("ence", 0), ("able", 0), ("ible", 0),
        ("ate", 0), ("ive", 0), ("ize", 0), ("iti", 0), ("ism", 0), ("ion", afterSOrT), ("ous", 0), ("ant", 0), ("ent", 0),
        ("ic", 0), ("al", 0), ("er", 0),
    ])
}
