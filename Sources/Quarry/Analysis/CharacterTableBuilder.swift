import Foundation

/// Builds a `CharacterTable` from the Unicode properties of every scalar and `ScalarRules`.
///
/// Runs once per settings combination. Foundation is used only here, for canonical
/// decomposition (one call over all candidate scalars at once).
struct CharacterTableBuilder {
    let lowercase: Bool
    let foldDiacritics: Bool

    /// Scalars looked up one by one; the rest of the code space (planes 4–13, private use) holds no
    /// letters, numbers or marks and is all separators.
    private static let scannedRanges: [ClosedRange<UInt32>] = [0x0000...0x3_FFFF, 0xE_0000...0xE_0FFF]

    /// Ranges with canonical decompositions worth computing (skips the big unified ideograph and Hangul blocks).
    private static func mayDecompose(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7FF, 0x1_7000...0x1_8CFF, 0x2_0000...0x2_F7FF, 0x2_FA20...:
            false
        default:
            !ScalarRules.keepsComposed(value)
        }
    }

    func build() -> CharacterTable {
        var entries = [CharacterTable.Entry](
            repeating: CharacterTable.Entry(identity: .separator),
            count: Int(CharacterTable.invalidScalar))
        var candidates: [Unicode.Scalar] = []
        for range in Self.scannedRanges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let role = ScalarRules.role(of: scalar)
                guard role != .separator else { continue }
                entries[Int(value)] = CharacterTable.Entry(identity: role)
                candidates.append(scalar)
            }
        }

        var pool: [UInt8] = []
        var poolOffsets: [[UInt8]: Int] = [:]
        for (value, term) in mappedTerms(candidates).sorted(by: { $0.key < $1.key }) {
            let role = entries[Int(value)].role
            if role == .starter && term.isEmpty { continue }  // a starter always yields a term
            let utf8 = Array(String(String.UnicodeScalarView(term)).utf8)
            let offset: Int
            if let known = poolOffsets[utf8] {
                offset = known
            } else {
                offset = 256 + pool.count
                pool += utf8
                poolOffsets[utf8] = offset
            }
            entries[Int(value)] = CharacterTable.Entry(role: role, offset: offset, count: utf8.count)
        }
        return CharacterTable(words: pack(entries), bytes: asciiTable(entries: entries, pool: pool) + pool)
    }

    /// The normalized term of every candidate scalar whose term is not the scalar itself.
    private func mappedTerms(_ candidates: [Unicode.Scalar]) -> [UInt32: [Unicode.Scalar]] {
        var mapped: [UInt32: [Unicode.Scalar]] = [:]
        for scalar in candidates {
            if ScalarRules.isInvisibleJoiner(scalar.value) || ScalarRules.isVariationSelector(scalar.value) {
                mapped[scalar.value] = []
            } else if lowercase {
                let lower = ScalarRules.lowercased(scalar)
                if lower != [scalar] { mapped[scalar.value] = lower }
            }
        }
        guard foldDiacritics else { return mapped }

        let folding = candidates.filter { scalar in
            (mapped[scalar.value].map { !$0.isEmpty } ?? true)
                && (scalar.value < 0x80 || Self.mayDecompose(scalar.value))
        }
        let decomposed = Self.canonicallyDecompose(folding.map { mapped[$0.value] ?? [$0] })
        for (scalar, term) in zip(folding, decomposed) {
            let folded = term.flatMap { scalar -> [Unicode.Scalar] in
                if ScalarRules.isFoldableMark(scalar) { return [] }
                guard let letter = ScalarRules.foldedLetter(scalar.value) else { return [scalar] }
                return Array((lowercase ? letter.lowercased() : letter).unicodeScalars)
            }
            if folded != [scalar] { mapped[scalar.value] = folded }
        }
        return mapped
    }

    /// Canonical decomposition (NFD) of many short scalar sequences with a single Foundation call:
    /// they are joined with line feeds, which are starters, so no reordering crosses them.
    private static func canonicallyDecompose(_ sequences: [[Unicode.Scalar]]) -> [[Unicode.Scalar]] {
        var joined: [UInt8] = []
        for sequence in sequences {
            for scalar in sequence { joined += UTF8.encode(scalar)! }
            joined.append(UInt8(ascii: "\n"))
        }
        let decomposed = String(decoding: joined, as: UTF8.self).decomposedStringWithCanonicalMapping.unicodeScalars
        var result: [[Unicode.Scalar]] = []
        result.reserveCapacity(sequences.count)
        var current: [Unicode.Scalar] = []
        for scalar in decomposed {
            if scalar == "\n" {
                result.append(current)
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(scalar)
            }
        }
        precondition(result.count == sequences.count, "canonical decomposition changed the sequence count")
        return result
    }

    /// The two-level table: index words, then deduplicated blocks.
    private func pack(_ entries: [CharacterTable.Entry]) -> [UInt32] {
        let blockSize = 1 << Int(CharacterTable.blockShift)
        var words = [UInt32](repeating: 0, count: CharacterTable.indexCount)
        var blockOffsets: [ArraySlice<UInt32>: UInt32] = [:]
        let raw = entries.map(\.raw) + [UInt32](repeating: CharacterTable.Entry(identity: .separator).raw, count: blockSize)
        for block in 0..<CharacterTable.indexCount {
            let slice = raw[block * blockSize ..< (block + 1) * blockSize]
            if let known = blockOffsets[slice] {
                words[block] = known
            } else {
                let offset = UInt32(words.count)
                words[block] = offset
                words += slice
                blockOffsets[slice] = offset
            }
        }
        return words
    }

    /// The ASCII byte table: separator, non-ASCII marker, or the normalized byte.
    private func asciiTable(entries: [CharacterTable.Entry], pool: [UInt8]) -> [UInt8] {
        (0..<256).map { byte -> UInt8 in
            guard byte < 0x80 else { return CharacterTable.asciiNonASCII }
            let entry = entries[byte]
            guard entry.role == .starter else { return CharacterTable.asciiSeparator }
            if entry.isIdentity { return UInt8(byte) }
            precondition(entry.count == 1, "an ASCII letter must map to one byte")
            return pool[entry.offset - 256]
        }
    }
}
