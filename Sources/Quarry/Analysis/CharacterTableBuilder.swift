import Dispatch

/// Builds a `CharacterTable` from the Unicode properties of every scalar and `ScalarRules`.
/// Runs once per settings combination.
struct CharacterTableBuilder {
    let lowercase: Bool
    let foldDiacritics: Bool
    /// Give Han, Hiragana, Katakana and Hangul letters the `bigram` role (tokenizer "unicode-words-2").
    let cjkBigrams: Bool

    /// Scalars looked up one by one; the rest of the code space (planes 4–13, private use) holds no
    /// letters, numbers or marks and is all separators.
    private static let scannedRanges: [ClosedRange<UInt32>] = [0x0000...0x3_FFFF, 0xE_0000...0xE_0FFF]

    func build() -> CharacterTable {
        var roles = [UInt8](repeating: UInt8(ScalarRules.Role.separator.rawValue), count: Int(CharacterTable.invalidScalar))
        let decompositions = foldDiacritics ? Self.decompositions() : [:]
        let decomposable = Self.bitmap(of: decompositions.keys)
        // The code space in slices scanned on all cores (looking up every scalar's properties is
        // most of the cost of a table, and every process that analyzes text builds one).
        let slices = Self.scannedRanges.flatMap { range in
            stride(from: range.lowerBound, through: range.upperBound, by: Int(Self.sliceSize)).map { start in
                start...min(range.upperBound, start + Self.sliceSize - 1)
            }
        }
        var found = [[(UInt32, [Unicode.Scalar])]](repeating: [], count: slices.count)
        roles.withUnsafeMutableBufferPointer { roles in
            found.withUnsafeMutableBufferPointer { found in
                // Each slice writes its own roles and its own list: no two threads touch the same element.
                nonisolated(unsafe) let roles = roles, found = found
                DispatchQueue.concurrentPerform(iterations: slices.count) { index in
                    found[index] = scan(slices[index], roles: roles, decompositions: decompositions, decomposable: decomposable)
                }
            }
        }
        let mapped = [UInt32: [Unicode.Scalar]](uniqueKeysWithValues: found.flatMap { $0 })
        var pool: [UInt8] = []
        let entries = packEntries(mapped, roles: roles, pool: &pool)
        return CharacterTable(words: packBlocks(roles: roles, entries: entries),
                              bytes: asciiTable(roles: roles, entries: entries, pool: pool) + pool)
    }

    /// One bit per scalar value, set for `values`.
    private static func bitmap(of values: some Sequence<UInt32>) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (Int(CharacterTable.invalidScalar) + 63) / 64)
        for value in values { bits[Int(value) >> 6] |= UInt64(1) << (value & 63) }
        return bits
    }

    /// Scalars per slice of the parallel scan.
    private static let sliceSize: UInt32 = 0x4000

    /// Sets the role of every scalar in `range` and returns the scalars that map to other text.
    private func scan(_ range: ClosedRange<UInt32>, roles: UnsafeMutableBufferPointer<UInt8>,
                      decompositions: [UInt32: [Unicode.Scalar]], decomposable: [UInt64]) -> [(UInt32, [Unicode.Scalar])] {
        var mapped: [(UInt32, [Unicode.Scalar])] = []
        for value in range {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let category = scalar.properties.generalCategory
            var role = ScalarRules.role(of: scalar, category: category)
            guard role != .separator else { continue }
            if cjkBigrams && role == .starter && ScalarRules.isBigramScript(value) { role = .bigram }
            roles[Int(value)] = UInt8(role.rawValue)
            if ScalarRules.isInvisibleJoiner(value) || ScalarRules.isVariationSelector(value) {
                mapped.append((value, []))
                continue
            }
            var term: [Unicode.Scalar]?
            if lowercase && category != .otherLetter, let lower = ScalarRules.lowercased(scalar) {
                term = lower
            }
            let mayFold = decomposable[Int(value) >> 6] & (UInt64(1) << (value & 63)) != 0
                || ScalarRules.foldedLetter(value) != nil || ScalarRules.isFoldableMark(scalar)
            if foldDiacritics && (term != nil || mayFold) {
                let folded = fold((term ?? [scalar]).flatMap { decompositions[$0.value] ?? [$0] })
                if folded != [scalar] { term = folded } else if term == nil { continue }
            }
            if let term { mapped.append((value, term)) }
        }
        return mapped
    }

    /// Canonical decompositions by scalar value, from `CanonicalDecompositions.data`.
    private static func decompositions() -> [UInt32: [Unicode.Scalar]] {
        var result: [UInt32: [Unicode.Scalar]] = [:]
        let data = CanonicalDecompositions.data
        var i = 0
        while i < data.count {
            let count = Int(data[i + 1])
            result[data[i]] = data[i + 2 ..< i + 2 + count].map { Unicode.Scalar($0)! }
            i += 2 + count
        }
        return result
    }

    /// Removes foldable marks and maps the letters of `ScalarRules.foldedLetter`.
    private func fold(_ decomposed: [Unicode.Scalar]) -> [Unicode.Scalar] {
        decomposed.flatMap { scalar -> [Unicode.Scalar] in
            if ScalarRules.isFoldableMark(scalar) { return [] }
            guard let letter = ScalarRules.foldedLetter(scalar.value) else { return [scalar] }
            return Array((lowercase ? letter.lowercased() : letter).unicodeScalars)
        }
    }

    /// Packed entries of the mapped scalars, with their UTF-8 terms appended (deduplicated) to `pool`.
    private func packEntries(_ mapped: [UInt32: [Unicode.Scalar]], roles: [UInt8], pool: inout [UInt8]) -> [UInt32: UInt32] {
        var entries: [UInt32: UInt32] = [:]
        var poolOffsets: [[UInt8]: Int] = [:]
        for (value, term) in mapped.sorted(by: { $0.key < $1.key }) {
            let role = ScalarRules.Role(rawValue: UInt32(roles[Int(value)]))!
            if (role == .starter || role == .bigram) && term.isEmpty { continue }  // a starter always yields a term
            var utf8: [UInt8] = []
            for scalar in term { utf8 += UTF8.encode(scalar)! }
            let offset: Int
            if let known = poolOffsets[utf8] {
                offset = known
            } else {
                offset = 256 + pool.count
                pool += utf8
                poolOffsets[utf8] = offset
            }
            entries[value] = CharacterTable.Entry(role: role, offset: offset, count: utf8.count).raw
        }
        return entries
    }

    /// The entry of one scalar.
    private func entry(_ value: Int, roles: [UInt8], entries: [UInt32: UInt32]) -> UInt32 {
        guard value < roles.count else { return CharacterTable.Entry(identity: .separator).raw }
        let role = roles[value]
        if role == ScalarRules.Role.separator.rawValue { return CharacterTable.Entry(identity: .separator).raw }
        return entries[UInt32(value)] ?? CharacterTable.Entry(identity: ScalarRules.Role(rawValue: UInt32(role))!).raw
    }

    /// The two-level table: index words, then deduplicated blocks.
    private func packBlocks(roles: [UInt8], entries: [UInt32: UInt32]) -> [UInt32] {
        let blockSize = 1 << Int(CharacterTable.blockShift)
        let separatorBlock = [UInt32](repeating: CharacterTable.Entry(identity: .separator).raw, count: blockSize)
        var words = [UInt32](repeating: UInt32(CharacterTable.indexCount), count: CharacterTable.indexCount)
        words += separatorBlock
        var blockOffsets: [[UInt32]: UInt32] = [separatorBlock: UInt32(CharacterTable.indexCount)]
        var block = separatorBlock
        for blockIndex in 0..<CharacterTable.indexCount {
            let base = blockIndex * blockSize
            guard base < roles.count,
                  roles[base ..< base + blockSize].contains(where: { $0 != ScalarRules.Role.separator.rawValue })
            else { continue }
            for k in 0..<blockSize { block[k] = entry(base + k, roles: roles, entries: entries) }
            if let known = blockOffsets[block] {
                words[blockIndex] = known
            } else {
                let offset = UInt32(words.count)
                words[blockIndex] = offset
                words += block
                blockOffsets[block] = offset
            }
        }
        return words
    }

    /// The ASCII byte table: separator, non-ASCII marker, or the normalized byte.
    private func asciiTable(roles: [UInt8], entries: [UInt32: UInt32], pool: [UInt8]) -> [UInt8] {
        (0..<256).map { byte -> UInt8 in
            guard byte < 0x80 else { return CharacterTable.asciiNonASCII }
            let entry = CharacterTable.Entry(raw: entry(byte, roles: roles, entries: entries))
            guard entry.role == .starter else { return CharacterTable.asciiSeparator }
            if entry.isIdentity { return UInt8(byte) }
            precondition(entry.count == 1, "an ASCII letter must map to one byte")
            return pool[entry.offset - 256]
        }
    }
}
