@testable import Quarry

/// Helpers for the block codec tests: calling the codec on arrays, inputs of known shapes, and an
/// independent, byte-at-a-time reading of the block format to check the fast decoder against.
enum BlockCodec {
    /// The levels that write this format (`deflate` has a codec of its own, tested apart).
    static let levels: [StoreCompression] = [.fast, .high]

    static func compress(_ bytes: [UInt8], level: StoreCompression = .fast) -> [UInt8] {
        var compressor = BlockCompressor(level: level)
        return bytes.withUnsafeBytes { compressor.compress($0) }
    }

    static func decompress(_ block: [UInt8], rawLength: Int) throws -> [UInt8] {
        try block.withUnsafeBytes { try BlockDecompressor.decompress($0, rawLength: rawLength, context: "test block") }
    }

    /// Text-like bytes: words drawn from a small vocabulary, so there are many matches at varied offsets.
    static func text(count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix(seed: seed)
        let words = ["the", "quarry", "granite", "river", "of", "and", "masons", "stone", "harbour", "cut",
                     "blocks", "were", "shipped", "north", "in", "spring", "a", "Ångström", "crane", "ledger"]
        var out: [UInt8] = []
        out.reserveCapacity(count + 16)
        while out.count < count {
            out += Array(words[Int(rng.next() % UInt64(words.count))].utf8)
            out.append(rng.next() % 9 == 0 ? 0x0A : 0x20)
        }
        return Array(out.prefix(count))
    }

    static func random(count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    /// One sequence of a block, for building blocks by hand.
    struct Sequence {
        var literals: [UInt8]
        /// nil for the closing sequence.
        var match: (offset: Int, length: Int)?
    }

    /// Serializes sequences in the block format, without help from the compressor.
    static func encode(_ sequences: [Sequence]) -> [UInt8] {
        func lengthBytes(_ value: Int) -> [UInt8] {
            var r = value - 15, out: [UInt8] = []
            while r >= 255 { out.append(255); r -= 255 }
            return out + [UInt8(r)]
        }
        var out: [UInt8] = []
        for s in sequences {
            let code = s.match.map { $0.length - 4 } ?? 0
            out.append(UInt8(min(s.literals.count, 15) << 4 | min(code, 15)))
            if s.literals.count >= 15 { out += lengthBytes(s.literals.count) }
            out += s.literals
            if let m = s.match {
                out += [UInt8(m.offset & 0xFF), UInt8(m.offset >> 8)]
                if code >= 15 { out += lengthBytes(code) }
            }
        }
        return out
    }

    /// What the sequences mean, by the format's definition: each match byte copies the byte
    /// `offset` back, one at a time.
    static func expand(_ sequences: [Sequence]) -> [UInt8] {
        var out: [UInt8] = []
        for s in sequences {
            out += s.literals
            if let m = s.match {
                for _ in 0..<m.length { out.append(out[out.count - m.offset]) }
            }
        }
        return out
    }
}
