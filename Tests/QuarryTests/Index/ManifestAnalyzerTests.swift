import Testing
@testable import Quarry

/// The manifest keeps the analyzer's name and stopword list, and still reads manifests without them.
@Suite struct ManifestAnalyzerTests {
    static func manifest(_ settings: AnalyzerSettings) -> Manifest {
        Manifest(generation: 7, analyzer: settings, k1: 1.2, b: 0.75, fields: ["text"],
                 segments: [.init(name: "s1", documentCount: 3, fieldTokenTotals: [42], fileSizes: ["terms": 10])])
    }

    static func decode(_ bytes: [UInt8]) throws -> Manifest {
        try bytes.withUnsafeBytes { try Manifest.decode($0, name: "quarry.manifest") }
    }

    @Test(arguments: [AnalyzerSettings.standard, .english(), .english(stopwords: .english), .plain(stopwords: .english),
                      AnalyzerSettings(tokenizer: "unicode-words-1", foldDiacritics: false, maxTokenBytes: 9, name: .english)])
    func roundTrip(settings: AnalyzerSettings) throws {
        let original = Self.manifest(settings)
        let decoded = try Self.decode(original.encoded())
        #expect(decoded == original)
        #expect(decoded.analyzer.name == settings.name)
        #expect(decoded.analyzer.stopwords == settings.stopwords)
    }

    /// The bytes after the stopwords of a manifest without deletions: a zero deletion count and the
    /// source catalog's generation.
    static let deletionsAndCatalog = 1 + 8

    /// `bytes` with its last `count` body bytes removed and the checksum fixed.
    static func truncated(_ bytes: [UInt8], by count: Int) -> [UInt8] {
        let body = Array(bytes[0..<(bytes.count - FileFormat.footerSize - count)])
        return body + FileFormat.footer(crcSoFar: body.withUnsafeBytes { Checksum.crc32($0) })
    }

    /// A manifest as written before analyzers had names: no name and stopwords after the segments.
    static func oldFormat(_ manifest: Manifest) -> [UInt8] {
        let bytes = manifest.encoded()
        // "plain", an empty stopword list, no deletions, no catalog
        let trailing = 1 + manifest.analyzer.name.rawValue.utf8.count + 1 + deletionsAndCatalog
        let body = Array(bytes[0..<(bytes.count - FileFormat.footerSize - trailing)])
        let crc = body.withUnsafeBytes { Checksum.crc32($0) }
        return body + FileFormat.footer(crcSoFar: crc)
    }

    @Test func oldManifestReadsAsPlain() throws {
        let old = Self.manifest(AnalyzerSettings(tokenizer: "unicode-words-1"))
        let decoded = try Self.decode(Self.oldFormat(old))
        #expect(decoded.analyzer.name == .plain)
        #expect(decoded.analyzer.stopwords == nil)
        #expect(decoded.analyzer.tokenizer == "unicode-words-1")
        #expect(decoded.segments == old.segments)
        // And its analyzer keeps CJK runs whole, like the index was built.
        #expect(Analyzer(settings: decoded.analyzer).terms("北京大学") == ["北京大学"])
    }

    @Test func unknownAnalyzerNameIsAClearError() throws {
        var bytes = Self.manifest(.english()).encoded()
        // Turn "english" into "xnglish" and fix the checksum.
        let at = bytes.count - FileFormat.footerSize - Self.deletionsAndCatalog - 1 - 7
        #expect(bytes[at] == UInt8(ascii: "e"))
        bytes[at] = UInt8(ascii: "x")
        let body = Array(bytes[0..<(bytes.count - FileFormat.footerSize)])
        let fixed = body + FileFormat.footer(crcSoFar: body.withUnsafeBytes { Checksum.crc32($0) })
        #expect(throws: QuarryError.unsupportedVersion("quarry.manifest: analyzer \"xnglish\" is not supported by this build")) {
            try Self.decode(fixed)
        }
    }

    @Test func manifestsWithoutDeletionsOrCatalogStillRead() throws {
        var manifest = Self.manifest(.english())
        manifest.segments.append(.init(name: "s2", documentCount: 10, fieldTokenTotals: [5], fileSizes: [:]))
        manifest.segments[1].deletedCount = 4
        manifest.segments[1].deletionsGeneration = 6
        manifest.catalogGeneration = 7
        let bytes = manifest.encoded()
        #expect(try Self.decode(bytes) == manifest)
        // Written before source catalogs: the catalog generation is 0.
        var noCatalog = manifest
        noCatalog.catalogGeneration = 0
        #expect(try Self.decode(Self.truncated(bytes, by: 8)) == noCatalog)
        // Written before deletions: none.
        let plain = Self.manifest(.english())
        #expect(try Self.decode(Self.truncated(plain.encoded(), by: Self.deletionsAndCatalog)) == plain)
        // A deletions entry for a segment that does not exist, or more deleted than documents.
        var bad = manifest
        bad.segments[1].deletedCount = 11
        #expect(throws: QuarryError.self) { try Self.decode(bad.encoded()) }
        bad = manifest
        bad.catalogGeneration = 8  // newer than the commit
        #expect(throws: QuarryError.self) { try Self.decode(bad.encoded()) }
    }
}

/// The manifest keeps the store's compression level: written after everything else, only when it
/// is not the default, so a default manifest is the same bytes as before the level existed.
@Suite struct ManifestStoreCompressionTests {
    @Test func highLevelRoundTripsAndFastAddsNoBytes() throws {
        var manifest = ManifestAnalyzerTests.manifest(.standard)
        let fastBytes = manifest.encoded()
        #expect(try ManifestAnalyzerTests.decode(fastBytes).storeCompression == .fast)
        manifest.storeCompression = .high
        let highBytes = manifest.encoded()
        #expect(highBytes.count == fastBytes.count + 1 + 4, "one length byte and \"high\"")
        let decoded = try ManifestAnalyzerTests.decode(highBytes)
        #expect(decoded == manifest)
        #expect(decoded.storeCompression == .high)
    }

    @Test func deflateLevelRoundTrips() throws {
        var manifest = ManifestAnalyzerTests.manifest(.standard)
        manifest.storeCompression = .deflate
        let decoded = try ManifestAnalyzerTests.decode(manifest.encoded())
        #expect(decoded == manifest)
        #expect(decoded.storeCompression == .deflate)
    }

    @Test func unknownLevelIsAClearError() throws {
        var manifest = ManifestAnalyzerTests.manifest(.standard)
        manifest.storeCompression = .high
        var bytes = manifest.encoded()
        let at = bytes.count - FileFormat.footerSize - 4
        #expect(bytes[at] == UInt8(ascii: "h"))
        bytes[at] = UInt8(ascii: "x")
        let resealed = ManifestAnalyzerTests.truncated(bytes, by: 0)
        #expect {
            try ManifestAnalyzerTests.decode(resealed)
        } throws: { error in
            guard case QuarryError.unsupportedVersion(let message) = error else { return false }
            return message.contains("store compression \"xigh\"")
        }
    }
}
