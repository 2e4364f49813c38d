import Foundation
@testable import Quarry

/// A slow, plainly written model of the "unicode-words-2" rules (and "unicode-words-1", without bigrams), working on whole Strings,
/// used to check the table-driven fast path.
struct ReferenceAnalyzer {
    let settings: AnalyzerSettings

    /// All tokens of `text` (term, position, byte range), and the next position.
    func records(_ text: String) -> (tokens: [AnalyzedToken], next: UInt32) {
        var tokens: [AnalyzedToken] = []
        var position: UInt32 = 0
        var word = ""
        var wordStart = 0
        var offset = 0
        // The current run of bigram-script characters: each with its scalars and byte range.
        var run: [(text: String, start: Int, end: Int)] = []
        let bigrams = settings.tokenizer != "unicode-words-1"
        func add(_ term: String, _ start: Int, _ end: Int) {
            if term.utf8.count <= settings.maxTokenBytes {
                tokens.append(AnalyzedToken(term: term, position: position, start: start, end: end))
            }
            position += 1
        }
        func finishWord() {
            guard !word.isEmpty else { return }
            add(normalize(word), wordStart, offset)
            word = ""
        }
        func finishRun() {
            if run.count == 1 { add(normalize(run[0].text), run[0].start, run[0].end) }
            for k in run.indices.dropFirst() {
                add(normalize(run[k - 1].text) + normalize(run[k].text), run[k - 1].start, run[k].end)
            }
            run = []
        }
        for scalar in text.unicodeScalars {
            let length = String(scalar).utf8.count
            if bigrams && isLetterOrNumber(scalar) && ScalarRules.isBigramScript(scalar.value) {
                finishWord()
                run.append((String(scalar), offset, offset + length))
            } else if !run.isEmpty && continuesWord(scalar) {
                run[run.count - 1].text.unicodeScalars.append(scalar)
                run[run.count - 1].end += length
            } else if isLetterOrNumber(scalar) || (!word.isEmpty && continuesWord(scalar)) {
                finishRun()
                if word.isEmpty { wordStart = offset }
                word.unicodeScalars.append(scalar)
            } else {
                finishWord()
                finishRun()
            }
            offset += length
        }
        finishWord()
        finishRun()
        return (tokens, position)
    }

    private func isLetterOrNumber(_ scalar: Unicode.Scalar) -> Bool {
        let category = "\(scalar.properties.generalCategory)"
        return category.hasSuffix("Letter") || category.hasSuffix("Number")
    }

    private func continuesWord(_ scalar: Unicode.Scalar) -> Bool {
        "\(scalar.properties.generalCategory)".hasSuffix("Mark") || ["\u{AD}", "\u{200C}", "\u{200D}"].contains(scalar)
    }

    private func normalize(_ word: String) -> String {
        var term = word
        if settings.lowercase {
            term = String(String.UnicodeScalarView(term.lowercased().unicodeScalars.map { $0 == "ς" ? "σ" : $0 }))
        }
        if settings.foldDiacritics {
            var folded = ""
            for scalar in canonicallyDecomposed(term).unicodeScalars where !isDiacritic(scalar) {
                let replacement = Self.letters[scalar] ?? fullwidthToASCII(scalar) ?? String(scalar)
                folded += settings.lowercase ? replacement.lowercased() : replacement
            }
            term = folded
        }
        term.unicodeScalars.removeAll { ["\u{AD}", "\u{200C}", "\u{200D}"].contains($0) || isVariationSelector($0) }
        return term
    }

    /// NFD, except that Hangul syllables and CJK compatibility ideographs are left alone.
    /// (They are starters, so decomposing the pieces between them separately changes nothing else.)
    private func canonicallyDecomposed(_ text: String) -> String {
        var result = ""
        var piece = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value) {
                result += piece.decomposedStringWithCanonicalMapping + String(scalar)
                piece = ""
            } else {
                piece.unicodeScalars.append(scalar)
            }
        }
        return result + piece.decomposedStringWithCanonicalMapping
    }

    private static let letters: [Unicode.Scalar: String] = [
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
        "ŧ": "t", "Ŧ": "T", "ı": "i", "ß": "ss", "ẞ": "SS",
    ]

    private func fullwidthToASCII(_ scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        let isFullwidthAlnum = (0xFF10...0xFF19).contains(value) || (0xFF21...0xFF3A).contains(value) || (0xFF41...0xFF5A).contains(value)
        return isFullwidthAlnum ? String(Unicode.Scalar(value - 0xFEE0)!) : nil
    }

    private func isVariationSelector(_ scalar: Unicode.Scalar) -> Bool {
        (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value)
    }

    /// Nonspacing marks in the combining diacritical blocks, Hebrew points, Arabic harakat.
    private func isDiacritic(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.properties.generalCategory == .nonspacingMark else { return false }
        let blocks: [ClosedRange<UInt32>] = [
            0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F,
            0x0591...0x05C7, 0x0610...0x061A, 0x064B...0x065F, 0x0670...0x0670, 0x06D6...0x06ED,
        ]
        return blocks.contains { $0.contains(scalar.value) }
    }
}
