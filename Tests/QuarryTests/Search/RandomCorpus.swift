@testable import Quarry

/// Random corpora with a Zipf-like vocabulary, so some terms fill many postings blocks.
enum RandomCorpus {
    static func vocabulary(_ size: Int) -> [String] {
        let syllables = ["ka", "lo", "mi", "ne", "tu", "ra", "so", "vi", "de", "po", "qu", "zé", "ål", "xy"]
        var words: [String] = []
        var i = 0
        while words.count < size {
            var n = i
            var w = ""
            repeat { w += syllables[n % syllables.count]; n /= syllables.count } while n > 0
            words.append(w)
            i += 1
        }
        return words
    }

    static func documents(count: Int, vocabularySize: Int, maxLength: Int, seed: UInt64) -> [SourceDocument] {
        var rng = SplitMix(seed: seed)
        let vocabulary = vocabulary(vocabularySize)
        func word() -> String {
            // Roughly Zipfian: low ranks are far more frequent.
            let u = Double(rng.next() % 1_000_000) / 1_000_000
            let rank = min(vocabulary.count - 1, Int(Double(vocabulary.count) * u * u * u))
            return vocabulary[rank]
        }
        return (0..<count).map { i in
            let length = Int(rng.next() % UInt64(maxLength + 1))
            let title = (0..<Int(rng.next() % 4)).map { _ in word() }.joined(separator: " ")
            let body = (0..<length).map { _ in word() }.joined(separator: rng.next() % 5 == 0 ? ", " : " ")
            return SourceDocument(id: "doc-\(i)", title: title, body: body)
        }
    }

    static func queries(count: Int, vocabularySize: Int, seed: UInt64) -> [[String]] {
        var rng = SplitMix(seed: seed)
        let vocabulary = vocabulary(vocabularySize)
        return (0..<count).map { _ in
            let n = 1 + Int(rng.next() % 4)
            return (0..<n).map { _ in
                let u = Double(rng.next() % 1_000_000) / 1_000_000
                return vocabulary[min(vocabulary.count - 1, Int(Double(vocabulary.count) * u * u))]
            }
        }
    }
}
