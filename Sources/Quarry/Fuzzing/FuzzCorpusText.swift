/// The deterministic documents of the fuzz fixture indexes.
///
/// Built so that a small index still has every kind of data the readers handle: a term in every
/// document (several full postings blocks), a term in three quarters of them (a full block stored
/// as a bitmap, and a tail), skewed word frequencies (packed gaps of several widths, tails only),
/// repeated words (frequencies above one, positions skipped over), titles, and non-ASCII words.
enum FuzzCorpusText {
    static let vocabulary = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa", "lambda", "sigma",
        "omega", "river", "stone", "quarry", "search", "index", "running", "runs", "ran", "runner",
        "café", "naïve", "über", "résumé", "东京", "straße", "fox", "brown", "quick", "lazy",
        "dog", "jumps", "over", "the", "a", "of", "walking", "walked", "cats", "cat's",
    ]

    /// `count` documents with ids `d0`, `d1`, …
    static func documents(count: Int) -> [SourceDocument] {
        var random = SplitMix(seed: 0x5EED)
        return (0..<count).map { i in fullDocument(i, &random) }
    }

    /// `count` documents of which only every fourth is made as ``documents(count:)`` makes them;
    /// the others hold "every" (one to four times in an eighth of them), "common" in three of four,
    /// no title, and no id unless their number is in `idsOfShort`. The full postings blocks of a
    /// term in every document (and their frequencies, positions and impacts) cost a fraction of
    /// what they cost with every document as long, and so do the searches and checks over them.
    static func sparseDocuments(count: Int, idsOfShort: Set<Int>) -> [SourceDocument] {
        var random = SplitMix(seed: 0x5EED)
        return (0..<count).map { i in
            if i % 4 == 0 { return fullDocument(i, &random) }
            var words = ["every"]
            if random.next() % 8 == 0 {
                for _ in 0...(random.next() % 3) { words.append("every") }
            }
            if random.next() % 4 != 0 { words.append("common") }
            return SourceDocument(id: idsOfShort.contains(i) ? "d\(i)" : "", title: "", body: words.joined(separator: " "))
        }
    }

    /// Document `i` (id `d<i>`): "every", "common" in three of four, 4–12 words of skewed
    /// frequencies, some repeated, and a two-word title.
    private static func fullDocument(_ i: Int, _ random: inout SplitMix) -> SourceDocument {
        var words = ["every"]
        if random.next() % 4 != 0 { words.append("common") }
        for _ in 0..<(4 + Int(random.next() % 9)) {
            // The smaller of two draws: low words are frequent, high ones rare.
            let word = vocabulary[Int(min(random.next() % 40, random.next() % 40))]
            words.append(word)
            if random.next() % 5 == 0 { words.append(word) }
        }
        let title = "\(vocabulary[Int(random.next() % 40)]) \(vocabulary[Int(random.next() % 12)])"
        return SourceDocument(id: "d\(i)", title: title, body: words.joined(separator: " "))
    }
}
