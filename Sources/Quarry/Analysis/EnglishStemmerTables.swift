/// The suffix lists of the English stemmer's steps, each sorted longest first with a rule code.
enum StemmerTables {
    private static func b(_ s: String) -> [UInt8] { Array(s.utf8) }

    static let past = b("past"), sses = b("sses"), ied = b("ied"), ies = b("ies"), ss = b("ss"), us = b("us")
    static let i = b("i"), ie = b("ie"), ee = b("ee"), og = b("og"), at = b("at"), bl = b("bl"), iz = b("iz")

    /// Prefixes after which R1 starts, whatever the vowels say.
    static let regionPrefixes = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"].map(b)

    /// Step 1b: code 1 → `ee` in R1, 2 → remove after a vowel, 3 (`ing`) → like 2 but with exceptions.
    static let step1b: [([UInt8], Int)] = [("eedly", 1), ("ingly", 2), ("edly", 2), ("eed", 1), ("ing", 3), ("ed", 2)]
        .map { (b($0.0), $0.1) }
    /// Whole stems before `eed`/`eedly` that are kept (proceed, exceed, succeed).
    static let eedStems = ["succ", "proc", "exc"].map(b)
    /// Whole stems before `ing` that are kept (evening, canning, inning, earring, herring, outing).
    static let ingStems = ["even", "cann", "inn", "earr", "herr", "out"].map(b)

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
    static let step2Replacements = ["tion", "ence", "ance", "able", "ent", "ize", "ate", "al", "ful", "ous", "ive", "ble", "og", "less"].map(b)
    static let step2: [([UInt8], Int)] = [
        ("ational", 6), ("ization", 5), ("iveness", 10), ("fulness", 8), ("ousness", 9),
        ("tional", 0), ("biliti", 11), ("lessli", 13),
        ("fulli", 8), ("ousli", 9), ("entli", 4), ("aliti", 7), ("iviti", 10), ("alism", 7), ("ation", 6), ("ogist", 12),
        ("anci", 2), ("enci", 1), ("abli", 3), ("alli", 7), ("izer", 5), ("ator", 6),
        ("bli", 11), ("ogi", afterL),
        ("li", afterValidLI),
    ].map { (b($0.0), $0.1) }

    /// Step 3 rule code for `ative`, removed only in R2.
    static let inR2 = 100
    /// Step 3 replacements, indexed by rule code.
    static let step3Replacements = ["tion", "ate", "al", "ic", ""].map(b)
    static let step3: [([UInt8], Int)] = [
        ("ational", 1), ("tional", 0), ("icate", 3), ("ative", inR2), ("alize", 2), ("iciti", 3),
        ("ical", 3), ("ness", 4), ("ful", 4),
    ].map { (b($0.0), $0.1) }

    /// Step 4 rule code for `ion`, removed only after `s` or `t`.
    static let afterSOrT = 1
    static let step4: [([UInt8], Int)] = [
        ("ement", 0), ("ment", 0), ("ance", 0), ("ence", 0), ("able", 0), ("ible", 0),
        ("ate", 0), ("ive", 0), ("ize", 0), ("iti", 0), ("ism", 0), ("ion", afterSOrT), ("ous", 0), ("ant", 0), ("ent", 0),
        ("ic", 0), ("al", 0), ("er", 0),
    ].map { (b($0.0), $0.1) }
}
