/// Lookup tables that decode one DEFLATE Huffman code (RFC 1951, 3.2.2) from the low bits of a
/// bit buffer: a primary table indexed by the next `primaryBits` bits, and for longer codes a
/// subtable per primary slot, indexed by the bits after those.
///
/// Each entry is a `UInt32`:
/// - bits 0–3: how many bits the entry consumes at its level;
/// - bits 4–7: its ``Kind``;
/// - bits 8–15: extra bits to read after the code (lengths and distances), or a link's subtable bits;
/// - bits 16–31: the literal byte, the base length or distance, or a link's subtable offset.
///
/// Slots no code reaches hold ``Kind/invalid`` entries, so a damaged stream that reaches one is
/// refused rather than misread. Building refuses over-subscribed codes and, as zlib does,
/// incomplete ones except a code of one symbol.
///
/// It wraps memory it does not own a copy of: a table is built and read by one decoder at a
/// time; only the fixed code's tables are shared, and they are never rebuilt (hence `Sendable`).
struct HuffmanDecodeTable: @unchecked Sendable {
    enum Kind: UInt32 {
        case literal = 0, lengthOrDistance = 1, endOfBlock = 2, link = 3, invalid = 4
    }

    /// What one code's symbols decode to.
    enum Alphabet: Equatable {
        /// Literal bytes, end of block, then the 29 lengths (symbols 286 and 287 are invalid).
        case literalLength
        /// The 30 distances (symbols 30 and 31 are invalid).
        case distance
        /// The code-length alphabet: entries carry the symbol itself (0–18).
        case codeLength
    }

    let primaryBits: Int
    /// Entries: `1 << primaryBits` primary slots, then the subtables.
    let entries: UnsafeMutablePointer<UInt32>
    private let capacity: Int

    /// A table for codes of at most 15 bits over `symbolCount` symbols, with room for the
    /// worst case of subtables.
    init(primaryBits: Int, symbolCount: Int) {
        self.primaryBits = primaryBits
        let subtableSize = 1 << max(0, 15 - primaryBits)
        capacity = (1 << primaryBits) + symbolCount * subtableSize
        entries = .allocate(capacity: capacity)
        // Building writes every slot a lookup can reach (the primary slots, and each subtable
        // when it is placed), so only the primary slots need a value before the first build.
        entries.initialize(repeating: Self.invalidEntry, count: 1 << primaryBits)
    }

    /// Frees the entries; the table must not be used afterwards.
    func deallocate() { entries.deallocate() }

    static let invalidEntry = make(kind: .invalid, bits: 0, extra: 0, value: 0)

    @inline(__always)
    static func make(kind: Kind, bits: Int, extra: Int, value: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: bits) | kind.rawValue << 4 | UInt32(truncatingIfNeeded: extra) << 8 | UInt32(truncatingIfNeeded: value) << 16
    }

    @inline(__always) static func bits(_ entry: UInt32) -> Int { Int(entry & 0xF) }
    @inline(__always) static func kindBits(_ entry: UInt32) -> UInt32 { (entry >> 4) & 0xF }
    @inline(__always) static func extra(_ entry: UInt32) -> Int { Int((entry >> 8) & 0xFF) }
    @inline(__always) static func value(_ entry: UInt32) -> Int { Int(entry >> 16) }

    /// The entry a symbol of `alphabet` decodes to, `bits` being consumed at its level.
    private static func entry(for symbol: Int, in alphabet: Alphabet, bits: Int) -> UInt32 {
        switch alphabet {
        case .codeLength:
            return make(kind: .literal, bits: bits, extra: 0, value: symbol)
        case .literalLength:
            if symbol < 256 { return make(kind: .literal, bits: bits, extra: 0, value: symbol) }
            if symbol == 256 { return make(kind: .endOfBlock, bits: bits, extra: 0, value: 0) }
            let code = symbol - 257
            guard code < DeflateSymbols.lengthBase.count else { return make(kind: .invalid, bits: bits, extra: 0, value: 0) }
            return make(kind: .lengthOrDistance, bits: bits, extra: DeflateSymbols.lengthExtraBits[code], value: DeflateSymbols.lengthBase[code])
        case .distance:
            guard symbol < DeflateSymbols.distanceBase.count else { return make(kind: .invalid, bits: bits, extra: 0, value: 0) }
            return make(kind: .lengthOrDistance, bits: bits, extra: DeflateSymbols.distanceExtraBits[symbol], value: DeflateSymbols.distanceBase[symbol])
        }
    }

    /// Fills the table for the canonical code with these code lengths (0: symbol unused; at
    /// most 15, and at most `symbolCount` of them). False when the lengths do not form a usable
    /// code: over-subscribed, or incomplete with more than one symbol.
    func build(lengths: UnsafeBufferPointer<UInt8>, alphabet: Alphabet) -> Bool {
        precondition(lengths.count * (1 << max(0, 15 - primaryBits)) + (1 << primaryBits) <= capacity)
        var counts = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &counts) { raw in
            let count = raw.baseAddress!.assumingMemoryBound(to: Int.self)
            var maxLength = 0
            for length in lengths where length > 0 {
                guard length <= 15 else { return false }
                count[Int(length)] += 1
                maxLength = max(maxLength, Int(length))
            }
            // Kraft: no length may be over-subscribed. As in zlib, an incomplete code is allowed
            // only as one symbol of one bit (not for code lengths), and a code with no symbol
            // only for distances (a block of literals); unreached slots stay invalid.
            var left = 1
            for length in 1...15 {
                left <<= 1
                left -= count[length]
                if left < 0 { return false }
            }
            let primarySize = 1 << primaryBits
            entries.update(repeating: Self.invalidEntry, count: primarySize)
            if maxLength == 0 { return alphabet == .distance }
            if left > 0 && (alphabet == .codeLength || maxLength != 1) { return false }
            // First canonical code of each length.
            var next = [Int](repeating: 0, count: 16)
            var code = 0
            for length in 1...15 {
                code = (code + count[length - 1]) << 1
                next[length] = code
            }
            next[0] = 0
            let subtableBits = max(0, maxLength - primaryBits)
            let subtableSize = 1 << subtableBits
            var subtableOffset = [Int32](repeating: -1, count: primarySize)
            var end = primarySize
            for symbol in 0..<lengths.count {
                let length = Int(lengths[symbol])
                if length == 0 { continue }
                let reversed = Self.reverse(next[length], bits: length)
                next[length] += 1
                if length <= primaryBits {
                    let entry = Self.entry(for: symbol, in: alphabet, bits: length)
                    var slot = reversed
                    while slot < primarySize {
                        entries[slot] = entry
                        slot += 1 << length
                    }
                } else {
                    let prefix = reversed & (primarySize - 1)
                    if subtableOffset[prefix] < 0 {
                        subtableOffset[prefix] = Int32(end)
                        entries.advanced(by: end).update(repeating: Self.invalidEntry, count: subtableSize)
                        entries[prefix] = Self.make(kind: .link, bits: primaryBits, extra: subtableBits, value: end)
                        end += subtableSize
                    }
                    let base = Int(subtableOffset[prefix])
                    let rest = length - primaryBits
                    let entry = Self.entry(for: symbol, in: alphabet, bits: rest)
                    var slot = reversed >> primaryBits
                    while slot < subtableSize {
                        entries[base + slot] = entry
                        slot += 1 << rest
                    }
                }
            }
            return true
        }
    }

    @inline(__always)
    private static func reverse(_ code: Int, bits: Int) -> Int {
        var value = code, result = 0
        for _ in 0..<bits {
            result = result << 1 | value & 1
            value >>= 1
        }
        return result
    }
}
