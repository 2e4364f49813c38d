/// One word being stemmed by `EnglishStemmer`: the bytes, their current length, the regions R1 and R2,
/// and the algorithm's steps. A consonant `y` is written as `Y` while stemming.
struct StemmerWord {
    let w: UnsafeMutablePointer<UInt8>
    var n: Int
    /// Start of R1 and R2 (equal to the word length when the region is empty).
    var p1 = 0
    var p2 = 0

    init(w: UnsafeMutablePointer<UInt8>, n: Int) {
        self.w = w
        self.n = n
    }

    // MARK: Letters and suffixes

    /// a e i o u y (a consonant `Y` is not a vowel).
    @inline(__always) static func isVowel(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"): true
        default: false
        }
    }

    /// Whether the word (up to `end`) ends with `suffix` (compared from its last byte).
    @inline(__always) func ends(_ suffix: StaticString, at end: Int) -> Bool {
        let m = suffix.utf8CodeUnitCount
        if m > end { return false }
        let s = suffix.utf8Start
        var i = m - 1
        while i >= 0 {
            if w[end - m + i] != s[i] { return false }
            i -= 1
        }
        return true
    }

    @inline(__always) func ends(_ suffix: StaticString) -> Bool { ends(suffix, at: n) }

    /// Whether `w[0..<end]` contains a vowel.
    func hasVowel(before end: Int) -> Bool {
        var i = 0
        while i < end {
            if Self.isVowel(w[i]) { return true }
            i += 1
        }
        return false
    }

    /// Replaces the last `length` bytes with `replacement`.
    mutating func replaceSuffix(_ length: Int, with replacement: StaticString) {
        n -= length
        let s = replacement.utf8Start
        for k in 0..<replacement.utf8CodeUnitCount {
            w[n] = s[k]
            n += 1
        }
    }

    /// The longest entry of `table` (sorted longest first) the word ends with.
    func longestSuffix(_ table: [StemmerSuffix]) -> (length: Int, code: Int)? {
        let tail = StemmerSuffix.tail(w, n)
        return table.withUnsafeBufferPointer { entries in
            for entry in entries where tail & entry.mask == entry.packed { return (entry.length, entry.code) }
            return nil
        }
    }

    /// Whether the word up to `end` ends in a short syllable: consonant, vowel, consonant other than
    /// w, x or Y; or a vowel and a consonant that are the whole word; or `past`.
    func endsInShortSyllable(_ end: Int) -> Bool {
        if end >= 3 {
            let last = w[end - 1]
            if !Self.isVowel(last) && last != UInt8(ascii: "w") && last != UInt8(ascii: "x") && last != UInt8(ascii: "Y")
                && Self.isVowel(w[end - 2]) && !Self.isVowel(w[end - 3]) {
                return true
            }
        }
        if end == 2 && Self.isVowel(w[0]) && !Self.isVowel(w[1]) { return true }
        return ends("past", at: end)
    }

    // MARK: Setup

    /// Writes `Y` for an initial `y` and for a `y` after a vowel. Returns whether it wrote any.
    mutating func markConsonantY() -> Bool {
        var found = false
        if w[0] == UInt8(ascii: "y") {
            w[0] = UInt8(ascii: "Y")
            found = true
        }
        var i = 0
        while i < n - 1 {
            if Self.isVowel(w[i]) && w[i + 1] == UInt8(ascii: "y") {
                w[i + 1] = UInt8(ascii: "Y")
                found = true
            }
            i += 1
        }
        return found
    }

    /// The position after the first consonant that follows a vowel, at or after `start` (nil if none).
    func afterVowelConsonant(from start: Int) -> Int? {
        var i = start
        while i < n && !Self.isVowel(w[i]) { i += 1 }
        if i >= n { return nil }
        i += 1
        while i < n && Self.isVowel(w[i]) { i += 1 }
        if i >= n { return nil }
        return i + 1
    }

    /// Sets R1 (after a special prefix, or after the first vowel–consonant pair) and R2 (the same, within R1).
    mutating func markRegions() {
        p1 = n
        p2 = n
        var prefixEnd: Int? = nil
        for prefix in StemmerTables.regionPrefixes where prefix.utf8CodeUnitCount <= n {
            let count = prefix.utf8CodeUnitCount
            let s = prefix.utf8Start
            var same = true
            for i in 0..<count where w[i] != s[i] {
                same = false
                break
            }
            if same && count > (prefixEnd ?? 0) { prefixEnd = count }
        }
        if let end = prefixEnd {
            p1 = end
        } else if let end = afterVowelConsonant(from: 0) {
            p1 = end
        } else {
            return
        }
        p2 = afterVowelConsonant(from: p1) ?? n
    }

    // MARK: Steps

    /// Plurals: `sses` → `ss`, `ied`/`ies` → `i` or `ie`, `s` removed after a vowel that is not just before it.
    mutating func step1a() {
        if ends("sses") {
            n -= 2
        } else if ends("ied") || ends("ies") {
            replaceSuffix(3, with: n > 4 ? "i" : "ie")
        } else if ends("ss") || ends("us") {
            return
        } else if n >= 2 && w[n - 1] == UInt8(ascii: "s") {
            if hasVowel(before: n - 2) { n -= 1 }
        }
    }

    /// `eed`/`eedly` → `ee` in R1; `ed`, `edly`, `ing`, `ingly` removed after a vowel, then the stem is tidied.
    mutating func step1b() {
        guard let (length, code) = longestSuffix(StemmerTables.step1b) else { return }
        let start = n - length
        switch code {
        case 1:
            if start >= p1 && !isWholeStem(StemmerTables.eedStems, start) {
                replaceSuffix(length, with: "ee")
            }
            return
        case 3:
            if start >= 1 && w[start - 1] == UInt8(ascii: "y") {
                if start == 2 && !Self.isVowel(w[0]) {  // dying, lying, tying
                    replaceSuffix(length + 1, with: "ie")
                    return
                }
            } else if isWholeStem(StemmerTables.ingStems, start) {
                return
            }
        default:
            break
        }
        guard hasVowel(before: start) else { return }
        n = start
        if ends("at") || ends("bl") || ends("iz") {
            w[n] = UInt8(ascii: "e")
            n += 1
        } else if n >= 2 && w[n - 1] == w[n - 2] && StemmerTables.isDoubleLetter(w[n - 1]) {
            let keep = n == 3 && (w[0] == UInt8(ascii: "a") || w[0] == UInt8(ascii: "e") || w[0] == UInt8(ascii: "o"))
            if !keep { n -= 1 }
        } else if n == p1 && endsInShortSyllable(n) {
            w[n] = UInt8(ascii: "e")
            n += 1
        }
    }

    /// Whether `w[0..<end]` is exactly one of `stems`.
    private func isWholeStem(_ stems: [StaticString], _ end: Int) -> Bool {
        for stem in stems where stem.utf8CodeUnitCount == end && ends(stem, at: end) { return true }
        return false
    }

    /// Final `y`/`Y` after a consonant that is not the first letter → `i`.
    mutating func step1c() {
        guard n >= 3, w[n - 1] == UInt8(ascii: "y") || w[n - 1] == UInt8(ascii: "Y") else { return }
        if !Self.isVowel(w[n - 2]) { w[n - 1] = UInt8(ascii: "i") }
    }

    /// Derivational suffixes in R1 (`ational` → `ate`, `iveness` → `ive`, `li` after c d e g h k m n r t, …).
    mutating func step2() {
        guard let (length, code) = longestSuffix(StemmerTables.step2) else { return }
        let start = n - length
        guard start >= p1 else { return }
        switch code {
        case StemmerTables.afterL:
            if start >= 1 && w[start - 1] == UInt8(ascii: "l") { replaceSuffix(length, with: "og") }
        case StemmerTables.afterValidLI:
            if start >= 1 && StemmerTables.isValidLIEnding(w[start - 1]) { n = start }
        default:
            replaceSuffix(length, with: StemmerTables.step2Replacements[code])
        }
    }

    /// More derivational suffixes in R1 (`icate` → `ic`, `ness` removed, `ative` removed in R2, …).
    mutating func step3() {
        guard let (length, code) = longestSuffix(StemmerTables.step3) else { return }
        let start = n - length
        guard start >= p1 else { return }
        if code == StemmerTables.inR2 {
            if start >= p2 { n = start }
        } else {
            replaceSuffix(length, with: StemmerTables.step3Replacements[code])
        }
    }

    /// Suffixes removed in R2 (`ance`, `ment`, …; `ion` after `s` or `t`).
    mutating func step4() {
        guard let (length, code) = longestSuffix(StemmerTables.step4) else { return }
        let start = n - length
        guard start >= p2 else { return }
        if code == StemmerTables.afterSOrT {
            if start >= 1 && (w[start - 1] == UInt8(ascii: "s") || w[start - 1] == UInt8(ascii: "t")) { n = start }
        } else {
            n = start
        }
    }

    /// Final `e` in R2, or in R1 unless after a short syllable; final `l` after `l` in R2.
    mutating func step5() {
        let start = n - 1
        if w[start] == UInt8(ascii: "e") {
            if start >= p2 || (start >= p1 && !endsInShortSyllable(start)) { n = start }
        } else if w[start] == UInt8(ascii: "l") {
            if start >= p2 && start >= 1 && w[start - 1] == UInt8(ascii: "l") { n = start }
        }
    }
}
