/// Seed inputs made from the fixture index, for the targets that read index files or blocks.
enum FuzzSeeds {
    static func generated(for target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        switch target {
        case .manifest: return fileSeeds(.manifest)
        case .deletions: return fileSeeds(.deletions)
        case .sourceCatalog: return fileSeeds(.catalog)
        case .termDictionary: return fileSeeds(.terms)
        case .postings, .postingsCursor: return fileSeeds(.postings)
        case .positions, .positionsCursor: return fileSeeds(.positions)
        case .lengths: return fileSeeds(.lengths)
        case .store:
            // The fixture's store, and the same documents in a DEFLATE store (version 6).
            let deflate = FuzzSegmentFixture.shared.deflateStore
            return fileSeeds(.store) + [("sealed-store-deflate", FuzzFileInput.sealedSeed(of: deflate)),
                                        ("raw-store-deflate", FuzzFileInput.rawSeed(of: deflate))]
        case .blockDecompressor: return blockSeeds()
        case .htmlExtractor, .jsonLines, .queryParser: return []
        }
    }

    /// The fixture's file of `kind` as a sealed-mode and a raw-mode input.
    private static func fileSeeds(_ kind: FileFormat.Kind) -> [(name: String, bytes: [UInt8])] {
        let file = FuzzSegmentFixture.shared.originals[kind]!
        return [("sealed-\(kind.fileExtension)", FuzzFileInput.sealedSeed(of: file)),
                ("raw-\(kind.fileExtension)", FuzzFileInput.rawSeed(of: file))]
    }

    /// Compressed blocks of the fixture's stored text (decoding mode) and texts to round-trip.
    private static func blockSeeds() -> [(name: String, bytes: [UInt8])] {
        let texts: [(String, [UInt8])] = [
            ("text", Array(FuzzCorpusText.documents(count: 12).map { $0.title + "\n" + $0.body }.joined(separator: "\n").utf8)),
            ("runs", [UInt8](repeating: 0x61, count: 300) + Array("abcabcabcabcabcabc".utf8) + [UInt8](repeating: 0, count: 40)),
            ("short", Array("quarry".utf8)),
        ]
        var seeds: [(name: String, bytes: [UInt8])] = []
        var compressor = BlockCompressor()
        for (name, text) in texts {
            let block = text.withUnsafeBytes { compressor.compress($0) }
            let size = [UInt8(text.count & 0xFF), UInt8(text.count >> 8 & 0xFF), UInt8(text.count >> 16 & 0xFF)]
            seeds.append(("decode-\(name)", [0] + size + block))
            seeds.append(("roundtrip-\(name)", [1] + text))
            // Bit 1 set: the round trip compresses at the high level.
            if name != "short" { seeds.append(("roundtrip-high-\(name)", [3] + text)) }
            // Bit 2 set: the DEFLATE codec.
            if let deflated = try? StoreBlockCodec.deflateSeedBlock(text) {
                seeds.append(("decode-deflate-\(name)", [4] + size + deflated))
            }
            seeds.append(("roundtrip-deflate-\(name)", [5] + text))
            // Bits 2 and 1: Quarry's own DEFLATE writer (the compact level).
            seeds.append(("roundtrip-compact-\(name)", [7] + text))
        }
        return seeds
    }
}

extension StoreBlockCodec {
    /// `text` compressed as one DEFLATE block, for seed inputs.
    static func deflateSeedBlock(_ text: [UInt8]) throws -> [UInt8] {
        var compressor = try StoreBlockCompressor(level: .deflate)
        var out = [UInt8](repeating: 0, count: compressor.maxCompressedSize(text.count))
        let written = text.withUnsafeBytes { input in out.withUnsafeMutableBytes { compressor.compress(input, into: $0) } }
        return Array(out.prefix(written))
    }
}
