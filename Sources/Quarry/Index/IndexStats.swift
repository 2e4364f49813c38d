/// Sizes and counts of a committed index, for `quarry stats`.
public struct IndexStats: Sendable {
    /// Live documents: what searches can find.
    public var documents: Int
    /// Deleted (or replaced) documents still in segments until a merge drops them.
    public var deletedDocuments: Int
    /// Distinct (field, term) keys over all segments (a term in two segments counts once).
    public var terms: Int
    /// (term, document) pairs.
    public var postings: Int
    /// Term occurrences (positions).
    public var positions: UInt64
    /// Bytes on disk per file kind (file extension), plus `manifest`.
    public var bytes: [String: Int]
    public var segments: Int
    public var formatVersion: Int
    public var generation: UInt64
    public var analyzer: AnalyzerSettings
    /// How the index compresses new document-store blocks.
    public var storeCompression: StoreCompression
    public var averageLength: Float
    public var k1: Float
    public var b: Float

    public var totalBytes: Int { bytes.values.reduce(0, +) }

    /// Bits of the postings file per (term, document) pair.
    public var bitsPerPosting: Double { postings > 0 ? Double(bytes["postings"] ?? 0) * 8 / Double(postings) : 0 }

    /// Bits of the positions file per position.
    public var bitsPerPosition: Double { positions > 0 ? Double(bytes["positions"] ?? 0) * 8 / Double(positions) : 0 }

    /// Reads the statistics of `reader`'s index (walks every term dictionary).
    public init(reader: IndexReader) throws {
        documents = reader.liveDocumentCount
        deletedDocuments = reader.deletedDocumentCount
        var keys = DistinctKeyCounter()
        var postings = 0
        var positions: UInt64 = 0
        for segment in reader.segments {
            keys.beginList()
            try segment.dictionary.forEach { key, info in
                // The vocabulary: distinct words of the text field (titles and ids are indexed again in their own fields).
                if key.first == SegmentBuffer.textField { keys.add(key) }
                postings += info.docFreq
                positions += info.totalFreq
            }
        }
        self.terms = keys.distinctCount()
        self.postings = postings
        self.positions = positions
        bytes = Self.fileBytes(reader)
        segments = reader.segments.count
        formatVersion = Int(FileFormat.version)
        generation = reader.manifest.generation
        analyzer = reader.manifest.analyzer
        storeCompression = reader.manifest.storeCompression
        averageLength = reader.averageLength
        k1 = reader.manifest.k1
        b = reader.manifest.b
    }

    /// The bytes of the index's files by kind (file extension, and `manifest`): what ``bytes``
    /// holds, without walking the dictionaries.
    public static func fileBytes(_ reader: IndexReader) -> [String: Int] {
        var bytes: [String: Int] = [:]
        for segment in reader.segments {
            for kind in FileFormat.segmentFileKinds {
                let name = segment.info.name + "." + kind.fileExtension
                bytes[kind.fileExtension, default: 0] += reader.directory.size(of: name)
            }
            if let deletions = segment.info.deletionsFileName {
                bytes[FileFormat.Kind.deletions.fileExtension, default: 0] += reader.directory.size(of: deletions)
            }
        }
        bytes["manifest"] = reader.directory.size(of: IndexDirectory.manifestName)
        return bytes
    }
}
