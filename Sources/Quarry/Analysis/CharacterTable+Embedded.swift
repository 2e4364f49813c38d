import Foundation

/// The default settings' table (lowercase, fold diacritics, CJK bigrams: the `plain` and `english`
/// analyzers) ships inside the library, so a process that analyzes text does not derive it from
/// the Unicode properties of 260,000 scalars first (about 25 ms, on every `quarry search`).
///
/// `EmbeddedCharacterTableTests` checks that the shipped table equals a fresh build and writes
/// `CharacterTableData.swift` anew with `QUARRY_WRITE_CHARACTER_TABLE=1`. It also pins the
/// analysis to one Unicode version: an index and its queries tokenize alike whatever toolchain
/// built the binary.
extension CharacterTable {
    /// The serialized form: "QCT1", the word and byte counts (u32), the words (u32 little-endian),
    /// the bytes, then the CRC-32 of all of it; compressed as raw DEFLATE and written in base64.
    static let embeddedMagic: [UInt8] = Array("QCT1".utf8)

    /// `table` in the serialized form, uncompressed.
    static func serialize(_ table: CharacterTable) -> [UInt8] {
        var out = embeddedMagic
        func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        u32(UInt32(table.words.count))
        u32(UInt32(table.bytes.count))
        for word in table.words { u32(word) }
        out += table.bytes
        u32(Checksum.crc32(out))
        return out
    }

    /// The table in `serialized` (as ``serialize(_:)`` writes it), or nil unless it is whole and
    /// well formed: its CRC matches and every index word points at a full block inside the words.
    static func deserialize(_ serialized: [UInt8]) -> CharacterTable? {
        let header = embeddedMagic.count + 8
        guard serialized.count >= header + 4, Array(serialized.prefix(embeddedMagic.count)) == embeddedMagic else { return nil }
        func u32(at offset: Int) -> UInt32 {
            UInt32(serialized[offset]) | UInt32(serialized[offset + 1]) << 8 | UInt32(serialized[offset + 2]) << 16 | UInt32(serialized[offset + 3]) << 24
        }
        let wordCount = Int(u32(at: 4)), byteCount = Int(u32(at: 8))
        guard wordCount >= indexCount, byteCount >= 256, serialized.count == header + 4 * wordCount + byteCount + 4 else { return nil }
        let body = serialized.count - 4
        guard serialized.withUnsafeBytes({ Checksum.crc32(UnsafeRawBufferPointer(rebasing: $0[..<body])) }) == u32(at: body) else { return nil }
        let words = (0..<wordCount).map { u32(at: header + 4 * $0) }
        let blockSize = 1 << Int(blockShift)
        guard words.prefix(indexCount).allSatisfy({ Int($0) >= indexCount && Int($0) + blockSize <= wordCount }) else { return nil }
        let bytes = Array(serialized[(header + 4 * wordCount)..<body])
        return CharacterTable(words: words, bytes: bytes)
    }

    /// The shipped default table, or nil if its data does not decode (then the caller builds it).
    static func embeddedLowercaseFold() -> CharacterTable? {
        guard let compressed = Data(base64Encoded: CharacterTableData.lowercaseFoldBigrams, options: .ignoreUnknownCharacters) else { return nil }
        let decoder = InflateDecoder()
        var serialized = [UInt8](repeating: 0, count: CharacterTableData.lowercaseFoldBigramsSize)
        var progress = BlockDecompressor.Progress()
        let failure = compressed.withUnsafeBytes { input in
            serialized.withUnsafeMutableBytes { output in
                decoder.decode(input, into: output, progress: &progress, until: Int.max)
            }
        }
        guard failure == nil, progress.isComplete else { return nil }
        return deserialize(serialized)
    }
}
