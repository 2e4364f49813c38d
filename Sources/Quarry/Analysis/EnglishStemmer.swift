/// The Snowball English stemmer ("Porter2"), as released with Snowball 3, over lowercase ASCII bytes.
///
/// Written from the algorithm's published description: exceptional words, the special prefixes that fix
/// R1 (`gener`, `commun`, `arsen`, and the later additions `emerg`, `inter`, `later`, `organ`, `past`,
/// `univers`), `y` handling, and Steps 1a, 1b, 1c, 2, 3, 4 and 5 with their R1/R2 conditions.
/// It agrees word for word with the `snowballstemmer` package (see the stemmer test fixture).
///
/// Input is expected lowercase, as the analyzer produces it. Words with a byte ≥ 0x80 and words of
/// one or two bytes are returned unchanged. Apostrophes are not expected (the tokenizer splits on them).
public enum EnglishStemmer {
    /// The stem of a word (see the type's notes for which words are left unchanged).
    public static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        stem(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Stems a word given as UTF-8 bytes, in place.
    public static func stem(_ word: inout [UInt8]) {
        let count = word.count
        word.append(0)  // a stem is at most one byte longer than its word
        let newCount = word.withUnsafeMutableBufferPointer { stem($0.baseAddress!, count: count) }
        word.removeLast(word.count - newCount)
    }

    /// Stems the `count` bytes at `word` in place and returns the stem's length. The buffer must have
    /// room for `count + 1` bytes (Step 1b may add an `e`).
    static func stem(_ word: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var k = 0
        while k < count {
            if word[k] >= 0x80 { return count }
            k += 1
        }
        if let replacement = exceptionalForm(word, count) {
            let s = replacement.utf8Start
            for i in 0..<replacement.utf8CodeUnitCount { word[i] = s[i] }
            return replacement.utf8CodeUnitCount
        }
        if count <= 2 { return count }
        var s = StemmerWord(w: word, n: count)
        let foundY = s.markConsonantY()
        s.markRegions()
        s.step1a()
        s.step1b()
        s.step1c()
        s.step2()
        s.step3()
        s.step4()
        s.step5()
        if foundY {
            for i in 0..<s.n where word[i] == UInt8(ascii: "Y") { word[i] = UInt8(ascii: "y") }
        }
        return s.n
    }

    /// Whole words with a fixed stem (nil when `word` is not one of them).
    private static func exceptionalForm(_ word: UnsafeMutablePointer<UInt8>, _ count: Int) -> StaticString? {
        guard count >= 3 && count <= 6 else { return nil }
        for (form, stem) in exceptions where form.utf8CodeUnitCount == count {
            let f = form.utf8Start
            var same = true
            for i in 0..<count where f[i] != word[i] {
                same = false
                break
            }
            if same { return stem }
        }
        return nil
    }

    private static let exceptions: [(StaticString, StaticString)] = [
        ("skis", "ski"), ("skies", "sky"), ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"),
        ("early", "earli"), ("only", "onli"), ("singly", "singl"),
        // Invariant words.
        ("sky", "sky"), ("news", "news"), ("howe", "howe"), ("atlas", "atlas"), ("cosmos", "cosmos"),
        ("bias", "bias"), ("andes", "andes"),
    ]
}
