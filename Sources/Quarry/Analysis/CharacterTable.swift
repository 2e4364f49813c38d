/// Precomputed per-character data for one combination of normalization settings:
/// a 256-entry byte table for ASCII and a two-level table for every Unicode scalar.
///
/// The tables are immutable and built once per settings combination (see `CharacterTable.shared`).
struct CharacterTable: Sendable {
    /// Scalars per block of the two-level table.
    static let blockShift: UInt32 = 7
    static let blockMask: UInt32 = (1 << blockShift) - 1
    /// The value a decoder returns for an invalid UTF-8 sequence; it looks up as a separator.
    static let invalidScalar: UInt32 = 0x11_0000
    /// Number of index words: one per block of the code space, plus one for `invalidScalar`.
    static let indexCount = Int(invalidScalar >> blockShift) + 1

    /// ASCII byte table value for a separator byte.
    static let asciiSeparator: UInt8 = 0
    /// ASCII byte table value for a byte ≥ 0x80 (start of a multi-byte sequence, or invalid).
    static let asciiNonASCII: UInt8 = 0xFF

    /// `indexCount` index words (each the offset of a block in this array), then the blocks of entries.
    let words: [UInt32]
    /// 256 bytes of ASCII table (separator, non-ASCII, or the normalized byte), then the pool of mapped term bytes.
    let bytes: [UInt8]

    /// The entry of a scalar value (or `invalidScalar`).
    func entry(_ value: UInt32) -> Entry {
        Entry(raw: words[Int(words[Int(value >> Self.blockShift)]) + Int(value & Self.blockMask)])
    }

    /// A packed per-scalar entry: role (2 bits), identity flag (1 bit), term byte count (5 bits), pool offset (24 bits).
    struct Entry: Hashable {
        var raw: UInt32

        init(raw: UInt32) { self.raw = raw }

        /// An entry whose term bytes are the scalar's own UTF-8 bytes.
        init(identity role: ScalarRules.Role) {
            raw = role.rawValue | 0b100
        }

        /// An entry whose term bytes are `count` bytes at `offset` in `bytes`.
        init(role: ScalarRules.Role, offset: Int, count: Int) {
            precondition(count < 32 && offset < 1 << 24, "mapping does not fit an entry")
            raw = role.rawValue | UInt32(count) << 3 | UInt32(offset) << 8
        }

        @inline(__always) var roleBits: UInt32 { raw & 0b11 }
        @inline(__always) var isIdentity: Bool { raw & 0b100 != 0 }
        @inline(__always) var count: Int { Int((raw >> 3) & 0b1_1111) }
        @inline(__always) var offset: Int { Int(raw >> 8) }
        var role: ScalarRules.Role { ScalarRules.Role(rawValue: roleBits)! }
    }
}

extension CharacterTable {
    private static func make(_ lowercase: Bool, _ fold: Bool, _ cjk: Bool) -> CharacterTable {
        CharacterTableBuilder(lowercase: lowercase, foldDiacritics: fold, cjkBigrams: cjk).build()
    }

    private static let lowercaseFold = embeddedLowercaseFold() ?? make(true, true, true)
    private static let lowercaseOnly = make(true, false, true)
    private static let foldOnly = make(false, true, true)
    private static let verbatim = make(false, false, true)
    private static let lowercaseFoldWhole = make(true, true, false)
    private static let lowercaseOnlyWhole = make(true, false, false)
    private static let foldOnlyWhole = make(false, true, false)
    private static let verbatimWhole = make(false, false, false)

    /// The table for a settings combination, built on first use (thread-safe lazy `static let`).
    /// `cjkBigrams` false keeps CJK runs whole ("unicode-words-1").
    static func shared(lowercase: Bool, foldDiacritics: Bool, cjkBigrams: Bool = true) -> CharacterTable {
        switch (lowercase, foldDiacritics, cjkBigrams) {
        case (true, true, true): lowercaseFold
        case (true, false, true): lowercaseOnly
        case (false, true, true): foldOnly
        case (false, false, true): verbatim
        case (true, true, false): lowercaseFoldWhole
        case (true, false, false): lowercaseOnlyWhole
        case (false, true, false): foldOnlyWhole
        case (false, false, false): verbatimWhole
        }
    }
}
