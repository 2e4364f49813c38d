/// Verifies a committed index end to end, in the manner of Lucene's CheckIndex: every file's
/// checksum, every term's postings decoded to the end and checked against its dictionary entry,
/// every document readable from the store.
public struct IndexChecker: Sendable {
    public struct Report: Sendable {
        public var segments = 0
        /// Live documents.
        public var documents = 0
        /// Deleted documents not yet merged away.
        public var deletedDocuments = 0
        public var terms = 0
        public var postings = 0
        public var filesVerified = 0
        public var bytesVerified = 0
        /// One line per problem found; empty means the index is sound.
        public var problems: [String] = []
        public var isHealthy: Bool { problems.isEmpty }
    }

    public let path: String
    private let directory: IndexDirectory
    /// Whether every stored document is read back (the slowest check; tests of other files skip it).
    var readsStoredDocuments = true

    public init(path: String) {
        self.path = path
        directory = IndexDirectory(path: path)
    }

    /// Checks the index in `directory`, whose ``IndexDirectory/memoryFiles`` it reads too.
    init(directory: IndexDirectory) {
        path = directory.path
        self.directory = directory
    }

    /// Runs every check. Throws only when the index cannot be opened at all (missing, not an index);
    /// damage found inside is reported in `problems`.
    public func run() throws -> Report {
        var report = Report()
        let manifest = try Manifest.load(from: directory)
        report.segments = manifest.segments.count
        if manifest.catalogGeneration > 0 {
            do {
                _ = try SourceCatalog.load(from: directory, manifest: manifest)
                report.filesVerified += 1
                report.bytesVerified += directory.size(of: SourceCatalog.fileName(generation: manifest.catalogGeneration))
            } catch {
                report.problems.append("\(SourceCatalog.fileName(generation: manifest.catalogGeneration)): \(error)")
            }
        }
        for info in manifest.segments {
            for kind in FileFormat.segmentFileKinds {
                let name = info.name + "." + kind.fileExtension
                do {
                    let file = try directory.map(name)
                    _ = try FileFormat.validate(file.bytes, kind: kind, name: name, verifyChecksum: true)
                    report.filesVerified += 1
                    report.bytesVerified += file.bytes.count
                } catch {
                    report.problems.append("\(name): \(error)")
                }
            }
            if let name = info.deletionsFileName {
                do {
                    let file = try directory.map(name)
                    _ = try FileFormat.validate(file.bytes, kind: .deletions, name: name, verifyChecksum: true)
                    report.filesVerified += 1
                    report.bytesVerified += file.bytes.count
                } catch {
                    report.problems.append("\(name): \(error)")
                }
            }
            let segment: SegmentReader
            do {
                segment = try SegmentReader(directory: directory, info: info, extraFields: ExtraFields.names(in: manifest.fields))
            } catch {
                report.problems.append("\(info.name): cannot open: \(error)")
                continue
            }
            report.documents += segment.documentCount - info.deletedCount
            report.deletedDocuments += info.deletedCount
            do {
                var scratch: [UInt32] = []
                try segment.dictionary.forEach { key, termInfo in
                    report.terms += 1
                    let term = String(decoding: UnsafeBufferPointer(rebasing: key[1...]), as: UTF8.self)
                    let cursor = try segment.cursor(for: termInfo)
                    var count = 0
                    var total: UInt64 = 0
                    while cursor.doc != PostingsCursor.noMore {
                        count += 1
                        total += UInt64(cursor.freq)
                        let n = cursor.positions(into: &scratch)
                        for i in 1..<max(1, n) where scratch[i] <= scratch[i - 1] {
                            report.problems.append("\(info.name): term \"\(term)\": positions out of order")
                            break
                        }
                        cursor.next()
                    }
                    report.postings += count
                    if cursor.corrupt {
                        report.problems.append("\(info.name): term \"\(term)\": damaged postings block")
                    } else if count != termInfo.docFreq || total != termInfo.totalFreq {
                        report.problems.append("\(info.name): term \"\(term)\": \(count) postings and \(total) occurrences, dictionary says \(termInfo.docFreq) and \(termInfo.totalFreq)")
                    }
                }
            } catch {
                report.problems.append("\(info.name).terms: \(error)")
            }
            if readsStoredDocuments {
                // Every document, in order, each block decompressed once; the first problem is reported.
                var reached = 0
                do {
                    try segment.store.forEachDocument { doc, _ in reached = doc + 1 }
                } catch {
                    report.problems.append("\(info.name).store: document \(reached): \(error)")
                }
            }
        }
        return report
    }
}
