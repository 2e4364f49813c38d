/// The fuzz targets whose readers take index-file bytes from memory: no disk access per input.
enum FuzzFileTargets {
    /// The outcome of a reader that threw `error`: a ``QuarryError`` is the reader refusing the
    /// input, any other error breaks the promise that damage is reported as one.
    static func rejection(_ error: any Error, in what: String) throws(FuzzFinding) -> FuzzOutcome {
        guard let error = error as? QuarryError else { throw FuzzFinding("\(what) threw a non-Quarry error: \(error)") }
        return .rejected(error.description)
    }

    /// `Manifest.decode`; a manifest it accepts must encode and decode to itself, and is then used
    /// to open and search the fixture index's segments.
    static func manifest(_ input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        let file = FuzzFileInput.fileBytes(input, kind: .manifest)
        let manifest: Manifest
        do {
            manifest = try file.withUnsafeBytes { try Manifest.decode($0, name: IndexDirectory.manifestName) }
        } catch {
            return try rejection(error, in: "Manifest.decode")
        }
        let again: Manifest
        do {
            again = try manifest.encoded().withUnsafeBytes { try Manifest.decode($0, name: "re-encoded manifest") }
        } catch {
            throw FuzzFinding("a decoded manifest does not decode after encoding: \(error)")
        }
        if again != manifest { throw FuzzFinding("a decoded manifest changes when encoded and decoded again") }
        return try FuzzSegmentFixture.shared.searching(with: manifest)
    }

    /// A deletions bitmap read from memory. Sealed and raw mode as ``FuzzFileInput`` says; with
    /// bit 1 of the first byte clear the expected counts are taken from the body (so the input
    /// reaches the bitmap checks), set they are the fixture's (260 documents, 3 deleted).
    /// A bitmap it accepts must list exactly its deleted count of documents, each one in range
    /// and reported deleted, and no other document.
    static func deletions(_ input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        let file = FuzzFileInput.fileBytes(input, kind: .deletions)
        var documentCount = FuzzSegmentFixture.documentCount
        var deletedCount = FuzzSegmentFixture.deletedIDs.count
        if let mode = input.first, mode & 2 == 0, file.count >= FileFormat.headerSize + 8 {
            documentCount = Int(UInt32(littleEndian: file.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: FileFormat.headerSize, as: UInt32.self) }))
            deletedCount = Int(UInt32(littleEndian: file.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: FileFormat.headerSize + 4, as: UInt32.self) }))
        }
        let bitmap: DeletedDocuments
        do {
            bitmap = try file.withUnsafeBytes {
                try DeletedDocuments(file: $0, name: "fuzz.deletions", documentCount: documentCount, deletedCount: deletedCount)
            }
        } catch {
            return try rejection(error, in: "DeletedDocuments")
        }
        let listed = bitmap.deletedDocuments
        if listed.count != deletedCount || bitmap.deletedCount != deletedCount || bitmap.documentCount != documentCount {
            throw FuzzFinding("deletions bitmap lists \(listed.count) documents, says \(bitmap.deletedCount), expected \(deletedCount)")
        }
        var next = 0
        for doc in 0..<documentCount {
            let isListed = next < listed.count && listed[next] == UInt32(doc)
            if isListed { next += 1 }
            if bitmap.contains(UInt32(doc)) != isListed {
                throw FuzzFinding("deletions bitmap: document \(doc) is \(isListed ? "" : "not ")listed but contains says otherwise")
            }
        }
        if next != listed.count { throw FuzzFinding("deletions bitmap lists documents out of order or out of range") }
        return .accepted
    }

    /// `SourceCatalog.decode`; a catalog it accepts must encode and decode to itself.
    static func sourceCatalog(_ input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        let file = FuzzFileInput.fileBytes(input, kind: .catalog)
        let catalog: SourceCatalog
        do {
            catalog = try file.withUnsafeBytes { try SourceCatalog.decode($0, name: "fuzz.catalog") }
        } catch {
            return try rejection(error, in: "SourceCatalog.decode")
        }
        let again: SourceCatalog
        do {
            again = try catalog.encoded().withUnsafeBytes { try SourceCatalog.decode($0, name: "re-encoded catalog") }
        } catch {
            throw FuzzFinding("a decoded source catalog does not decode after encoding: \(error)")
        }
        if again != catalog { throw FuzzFinding("a decoded source catalog changes when encoded and decoded again") }
        return .accepted
    }

    /// The store's block codecs. First byte even: bytes 1–3 are the stated decompressed size
    /// (24-bit little-endian) and the rest is a compressed block, which must decode to exactly
    /// that size or be refused. Odd: the rest is compressed and must decompress to itself. Bit 2
    /// of the first byte picks the codec (set: DEFLATE; clear: the LZ4-family format). Bit 1 picks
    /// the level round trips compress at: high (else fast) for the LZ4-family format, compact
    /// (Quarry's own DEFLATE writer; else zlib's) for DEFLATE. Either way, a decode
    /// of only the block's start must give the first bytes of the full decode.
    static func blockDecompressor(_ input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        guard let mode = input.first else { return .rejected("empty input") }
        let codec: StoreBlockCodec = mode & 4 == 0 ? .lz77 : .deflate
        if mode & 1 == 1 {
            let data = UnsafeRawBufferPointer(rebasing: input[1...])
            let block: [UInt8]
            do {
                var compressor = try StoreBlockCompressor(level: codec == .deflate ? (mode & 2 == 0 ? .deflate : .compact) : mode & 2 == 0 ? .fast : .high)
                let bound = compressor.maxCompressedSize(data.count)
                var out = [UInt8](repeating: 0, count: bound)
                let written = out.withUnsafeMutableBytes { compressor.compress(data, into: $0) }
                if written > bound { throw FuzzFinding("\(data.count) bytes compress to \(written), over the bound") }
                block = Array(out.prefix(written))
            } catch let finding as FuzzFinding {
                throw finding
            } catch {
                throw FuzzFinding("cannot start the compressor: \(error)")
            }
            let back: [UInt8]
            do {
                back = try block.withUnsafeBytes { try codec.decompress($0, rawLength: data.count, context: "round trip") }
            } catch {
                throw FuzzFinding("a compressed block does not decompress: \(error)")
            }
            if !back.elementsEqual(data) { throw FuzzFinding("a block decompresses to other bytes than were compressed") }
            let limit = data.count / 2
            let start: [UInt8]
            do {
                start = try block.withUnsafeBytes { try codec.decompress($0, rawLength: data.count, prefix: limit, context: "round trip") }
            } catch {
                throw FuzzFinding("the start of a compressed block does not decompress: \(error)")
            }
            if start.count < limit || start.count > data.count || !start.elementsEqual(data.prefix(start.count)) {
                throw FuzzFinding("a prefix decode gives other bytes than the start of the block")
            }
            return .accepted
        }
        guard input.count >= 4 else { return .rejected("no stated size") }
        let rawLength = Int(input[1]) | Int(input[2]) << 8 | Int(input[3]) << 16
        let block = UnsafeRawBufferPointer(rebasing: input[4...])
        let output: [UInt8]
        do {
            output = try codec.decompress(block, rawLength: rawLength, context: "fuzz block")
        } catch {
            if codec == .deflate, let reference = zlibInflate(block, rawLength: rawLength), reference.failure == nil {
                throw FuzzFinding("zlib decodes a block the store's decoder refuses: \(error)")
            }
            return try rejection(error, in: "the store block codec")
        }
        if codec == .deflate, let reference = zlibInflate(block, rawLength: rawLength) {
            if let failure = reference.failure { throw FuzzFinding("the store's decoder accepts a block zlib refuses: \(failure)") }
            if reference.bytes != output { throw FuzzFinding("the store's decoder and zlib decode a block to different bytes") }
        }
        if output.count != rawLength { throw FuzzFinding("a block decoded to \(output.count) bytes, stated \(rawLength)") }
        // Decoding only the start (a limit drawn from the input) gives the same first bytes.
        let limit = Int(input[1] ^ input[3]) * rawLength / 255
        let start: [UInt8]
        do {
            start = try codec.decompress(block, rawLength: rawLength, prefix: limit, context: "fuzz block")
        } catch {
            throw FuzzFinding("a block decodes whole but its first \(limit) bytes do not: \(error)")
        }
        if start.count < limit || start.count > rawLength || !start.elementsEqual(output.prefix(start.count)) {
            throw FuzzFinding("a prefix decode gives other bytes than the start of the full decode")
        }
        return .accepted
    }

    /// zlib's verdict on a DEFLATE block (the reference the store's decoder must agree with), or
    /// nil when zlib cannot start or the stated size is beyond what the block can hold.
    private static func zlibInflate(_ block: UnsafeRawBufferPointer, rawLength: Int) -> (bytes: [UInt8], failure: DeflateBlockDecoder.Failure?)? {
        guard (try? StoreBlockCodec.deflate.checkStatedSize(rawLength, compressedCount: block.count, context: "")) != nil,
              let decoder = try? DeflateBlockDecoder() else { return nil }
        var bytes = [UInt8](repeating: 0, count: rawLength)
        var progress = BlockDecompressor.Progress()
        let failure = bytes.withUnsafeMutableBytes { decoder.decode(block, into: $0, progress: &progress, until: rawLength) }
        return (bytes, failure)
    }
}
