/// The commit point: the list of live segments and the index-wide settings.
///
/// The analyzer settings end with its name and stopword list; manifests written before those existed
/// end after the segment list and are read as the `plain` analyzer without stopwords.
///
/// Stored as `quarry.manifest`, replaced atomically on every commit. A segment's files are
/// referenced only through this list, so a crash before the rename leaves the previous commit intact.
struct Manifest: Sendable, Equatable {
    struct SegmentInfo: Sendable, Equatable {
        /// File name prefix of the segment's files (`<name>.terms`, `<name>.postings`, ...).
        var name: String
        var documentCount: Int
        /// Per field: the sum of the documents' lengths in tokens.
        var fieldTokenTotals: [UInt64]
        /// Per file kind (file extension): bytes, for `stats`.
        var fileSizes: [String: Int]
        /// Documents of this segment deleted (or replaced) since it was written; merges drop them.
        var deletedCount = 0
        /// The commit generation that wrote the segment's current deletions file (0: none).
        var deletionsGeneration: UInt64 = 0

        /// Documents not deleted.
        var liveDocumentCount: Int { documentCount - deletedCount }

        /// The file holding the segment's deletions, named by the commit that wrote it (nil: none).
        var deletionsFileName: String? {
            deletedCount > 0 ? "\(name)_\(deletionsGeneration).\(FileFormat.Kind.deletions.fileExtension)" : nil
        }
    }

    var generation: UInt64
    var analyzer: AnalyzerSettings
    var k1: Float
    var b: Float
    var fields: [String]
    var segments: [SegmentInfo]
    /// The commit generation that wrote the index's source catalog (0: none; see ``SourceCatalog``).
    var catalogGeneration: UInt64 = 0
    /// How new store blocks are compressed (written only when not fast, so absent in manifests of
    /// the default level and in those written before the level existed).
    var storeCompression: StoreCompression = .fast

    var documentCount: Int { segments.reduce(0) { $0 + $1.documentCount } }
    var liveDocumentCount: Int { segments.reduce(0) { $0 + $1.liveDocumentCount } }

    func encoded() -> [UInt8] {
        var w = ByteWriter()
        FileFormat.writeHeader(.manifest, to: &w)
        w.u64(generation)
        w.lengthPrefixed(Array(analyzer.tokenizer.utf8))
        w.u8(analyzer.lowercase ? 1 : 0)
        w.u8(analyzer.foldDiacritics ? 1 : 0)
        w.u32(UInt32(analyzer.maxTokenBytes))
        w.f32(k1)
        w.f32(b)
        w.vbyte(fields.count)
        for field in fields { w.lengthPrefixed(Array(field.utf8)) }
        w.vbyte(segments.count)
        for segment in segments {
            w.lengthPrefixed(Array(segment.name.utf8))
            w.u32(UInt32(segment.documentCount))
            for total in segment.fieldTokenTotals { w.u64(total) }
            let kinds = segment.fileSizes.keys.sorted()
            w.vbyte(kinds.count)
            for kind in kinds {
                w.lengthPrefixed(Array(kind.utf8))
                w.u64(UInt64(segment.fileSizes[kind]!))
            }
        }
        // Analyzer name and stopword list (absent in manifests written before analyzers had names).
        w.lengthPrefixed(Array(analyzer.name.rawValue.utf8))
        w.lengthPrefixed(Array((analyzer.stopwords?.rawValue ?? "").utf8))
        // Deletions (absent in manifests written before deletions existed): per segment that has
        // some, its place in the list, the generation of its deletions file and how many.
        let withDeletions = segments.indices.filter { segments[$0].deletedCount > 0 }
        w.vbyte(withDeletions.count)
        for i in withDeletions {
            w.vbyte(i)
            w.u64(segments[i].deletionsGeneration)
            w.u32(UInt32(segments[i].deletedCount))
        }
        w.u64(catalogGeneration)
        // The store's compression level, by name; absent for the default (fast), so such manifests
        // are the same bytes as before the level existed.
        if storeCompression != .fast { w.lengthPrefixed(Array(storeCompression.rawValue.utf8)) }
        return FileFormat.sealed(w)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, name: String) throws -> Manifest {
        let body = try FileFormat.validate(bytes, kind: .manifest, name: name, verifyChecksum: true)
        var r = ByteReader(body, context: name)
        let generation = try r.u64()
        let tokenizer = try r.string()
        let lowercase = try r.u8() != 0
        let fold = try r.u8() != 0
        let maxToken = Int(try r.u32())
        let k1 = try r.f32()
        let b = try r.f32()
        let fieldCount = try r.vint(limit: ExtraFields.builtIn.count + ExtraFields.maxCount)
        var fields: [String] = []
        for _ in 0..<fieldCount { fields.append(try r.string()) }
        try validateFields(fields, name: name)
        let segmentCount = try r.vint(limit: 1_000_000)
        var segments: [SegmentInfo] = []
        for _ in 0..<segmentCount {
            let segName = try r.string()
            if !isSafeSegmentName(segName) || segments.contains(where: { $0.name == segName }) {
                throw QuarryError.corruptIndex("\(name): bad segment name \"\(segName.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "?" }.joined())\"")
            }
            let docs = Int(try r.u32())
            var totals: [UInt64] = []
            for _ in 0..<fieldCount { totals.append(try r.u64()) }
            var sizes: [String: Int] = [:]
            let kinds = try r.vint(limit: 64)
            for _ in 0..<kinds {
                let kind = try r.string()
                sizes[kind] = try r.u64(limit: Int.max)
            }
            segments.append(SegmentInfo(name: segName, documentCount: docs, fieldTokenTotals: totals, fileSizes: sizes))
        }
        var analyzerName = AnalyzerName.plain
        var stopwords: StopwordList? = nil
        if !r.isAtEnd {
            let nameText = try r.string()
            let stopwordsText = try r.string()
            guard let known = AnalyzerName(rawValue: nameText) else {
                throw QuarryError.unsupportedVersion("\(name): analyzer \"\(nameText)\" is not supported by this build")
            }
            analyzerName = known
            if !stopwordsText.isEmpty {
                guard let list = StopwordList(rawValue: stopwordsText) else {
                    throw QuarryError.unsupportedVersion("\(name): stopword list \"\(stopwordsText)\" is not supported by this build")
                }
                stopwords = list
            }
        }
        if !r.isAtEnd {
            let count = try r.vint(limit: segments.count)
            var previous = -1
            for _ in 0..<count {
                let i = try r.vint(limit: max(segments.count - 1, 0))
                let deletionsGeneration = try r.u64()
                let deleted = Int(try r.u32())
                if i <= previous || deleted < 1 || deleted > segments[i].documentCount
                    || deletionsGeneration < 1 || deletionsGeneration > generation {
                    throw QuarryError.corruptIndex("\(name): bad deletions entry for segment \(segments[i].name) (\(deleted) of \(segments[i].documentCount) documents, generation \(deletionsGeneration))")
                }
                previous = i
                segments[i].deletedCount = deleted
                segments[i].deletionsGeneration = deletionsGeneration
            }
        }
        var catalogGeneration: UInt64 = 0
        if !r.isAtEnd {
            catalogGeneration = try r.u64()
            if catalogGeneration > generation {
                throw QuarryError.corruptIndex("\(name): source catalog of generation \(catalogGeneration) in commit \(generation)")
            }
        }
        var storeCompression = StoreCompression.fast
        if !r.isAtEnd {
            let level = try r.string()
            guard let known = StoreCompression(rawValue: level) else {
                throw QuarryError.unsupportedVersion("\(name): store compression \"\(level.filter { $0.isLetter || $0.isNumber })\" is not supported by this build")
            }
            storeCompression = known
        }
        if !r.isAtEnd { throw QuarryError.corruptIndex("\(name): trailing bytes") }
        if !k1.isFinite || k1 < 0 || !b.isFinite || b < 0 || b > 1 {
            throw QuarryError.corruptIndex("\(name): BM25 parameters out of range (k1 \(k1), b \(b))")
        }
        if fieldCount < 1 { throw QuarryError.corruptIndex("\(name): no fields") }
        // Global document ids are u32 (with UInt32.max meaning "none"), so the sum must fit.
        if segments.reduce(0, { $0 + $1.documentCount }) >= Int(UInt32.max) {
            throw QuarryError.corruptIndex("\(name): more documents than an index can hold")
        }
        if !Analyzer.supportedTokenizers.contains(tokenizer) {
            throw QuarryError.unsupportedVersion("\(name): tokenizer \"\(tokenizer)\" is not supported by this build")
        }
        return Manifest(
            generation: generation,
            analyzer: AnalyzerSettings(tokenizer: tokenizer, lowercase: lowercase, foldDiacritics: fold, maxTokenBytes: maxToken,
                                       name: analyzerName, stopwords: stopwords),
            k1: k1, b: b, fields: fields, segments: segments, catalogGeneration: catalogGeneration,
            storeCompression: storeCompression)
    }

    /// The fields must be the built-in ones (or, in an older index, the first of them), then valid
    /// extra field names without repeats.
    private static func validateFields(_ fields: [String], name: String) throws {
        let builtIn = ExtraFields.builtIn
        if fields.isEmpty { return }  // reported as "no fields" once the rest is read
        let shown = fields.map { "\"" + ExtraFields.printable($0) + "\"" }.joined(separator: ", ")
        if Array(fields.prefix(builtIn.count)) != Array(builtIn.prefix(fields.count)) {
            throw QuarryError.corruptIndex("\(name): unexpected fields \(shown)")
        }
        do {
            try ExtraFields.validate(ExtraFields.names(in: fields))
        } catch {
            throw QuarryError.corruptIndex("\(name): bad extra fields \(shown)")
        }
    }

    /// Whether `name` can only name files inside the index folder: ASCII letters, digits, `_` and
    /// `-` (what the writer makes), so no separator, `..`, control character or empty name.
    static func isSafeSegmentName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }

    /// Reads the manifest of the index in `directory`, with clear errors for a missing or foreign folder.
    static func load(from directory: IndexDirectory) throws -> Manifest {
        if directory.existsAsNonFolder {
            throw QuarryError.notAnIndex("\(directory.path) is a file, not an index folder")
        }
        if !directory.isDirectory {
            throw QuarryError.notAnIndex("\(directory.path) does not exist (create one with `quarry index`)")
        }
        if !directory.exists(IndexDirectory.manifestName) {
            throw QuarryError.notAnIndex("\(directory.path) has no \(IndexDirectory.manifestName)")
        }
        let file = try directory.map(IndexDirectory.manifestName)
        return try decode(file.bytes, name: IndexDirectory.manifestName)
    }
}
