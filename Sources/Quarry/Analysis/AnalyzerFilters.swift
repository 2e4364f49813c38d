/// The steps after tokenization: possessive removal and stemming (`english`) and stopwords.
extension Analyzer {
    /// `analyze` for settings other than plain-without-stopwords; see `Analyzer` for the steps.
    func analyzeFiltered(_ utf8: UnsafeBufferPointer<UInt8>, startPosition: UInt32,
                         _ body: (UnsafeBufferPointer<UInt8>, UInt32, Int, Int) -> Void) -> UInt32 {
        let english = settings.name == .english
        let stopwords = settings.stopwords
        var possessives: UInt32 = 0  // dropped possessive `s` tokens: they give back their position
        var previousEnd = -1
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTermBytes + 1) { stemBuffer in
            let stem = stemBuffer.baseAddress!
            let next = tokenize(utf8, startPosition: startPosition) { term, position, start, end in
                defer { previousEnd = end }
                if english && Self.isPossessive(term, in: utf8, start: start, end: end, previousEnd: previousEnd) {
                    possessives &+= 1
                    return
                }
                let position = position &- possessives
                if let stopwords, stopwords.contains(term) { return }
                guard english else {
                    body(term, position, start, end)
                    return
                }
                for k in 0..<term.count { stem[k] = term[k] }
                let count = EnglishStemmer.stem(stem, count: term.count)
                body(UnsafeBufferPointer(start: stem, count: count), position, start, end)
            }
            return next &- possessives
        }
    }

    /// Whether a token is the `s` of an English possessive: a one-byte `s` right after `'` or `’`
    /// that directly follows the previous token.
    @inline(__always)
    static func isPossessive(_ term: UnsafeBufferPointer<UInt8>, in utf8: UnsafeBufferPointer<UInt8>,
                             start: Int, end: Int, previousEnd: Int) -> Bool {
        guard term.count == 1, end - start == 1, term[0] | 0x20 == UInt8(ascii: "s"), previousEnd >= 0 else { return false }
        if start >= 1 && utf8[start - 1] == UInt8(ascii: "'") { return previousEnd == start - 1 }
        if start >= 3 && utf8[start - 3] == 0xE2 && utf8[start - 2] == 0x80 && utf8[start - 1] == 0x99 {  // ’
            return previousEnd == start - 3
        }
        return false
    }
}
