import Foundation

/// A small committed index whose files the segment targets replace, one input at a time: 260
/// documents in one segment (most of them short, see ``FuzzCorpusText/sparseDocuments(count:idsOfShort:)``),
/// three of them deleted, and a source catalog.
///
/// The index is built once per process in the scratch folder and its files are then kept in memory
/// (``files``). Each input becomes one file of the segment (see ``FuzzFileInput``), which takes
/// the place of the original in a copy of that set (``IndexDirectory/memoryFiles``): nothing is
/// written, and the other files are neither read from disk nor mapped again. The index is then
/// opened through ``IndexReader`` and ``Searcher``, searched in every mode and checked with
/// ``IndexChecker``, the same readers as on disk. Damage a search reports, the check must report
/// too. The store, which neither the searches nor the check read here (slow: a document
/// decompresses its whole block), has its own target that reads it directly.
final class FuzzSegmentFixture: @unchecked Sendable {
    // Immutable after init: every input works on its own copy of `files`.
    static let shared = FuzzSegmentFixture()
    /// Two full postings blocks and a tail for a term in every document.
    static let documentCount = 260
    static let deletedIDs = ["d7", "d100", "d259"]
    /// The short documents that have ids: the deleted ones and those the searches look up.
    static let idsOfShortDocuments: Set<Int> = [5, 7, 259]

    let folder: String
    let segmentName: String
    /// The committed files, by kind: the segment's, the manifest, its deletions and catalog.
    let originals: [FileFormat.Kind: [UInt8]]
    /// The file name of each kind in ``originals``.
    let fileNames: [FileFormat.Kind: String]
    /// Every file of the committed index, in memory, by name.
    let files: [String: MappedFile]
    /// The segment's documents in a DEFLATE store (store version 6), for the store target's seeds.
    let deflateStore: [UInt8]
    /// Every entry of the segment's term dictionary (key and postings locator), in key order.
    let termEntries: [(key: [UInt8], info: TermInfo)]
    /// ``FuzzSearches/segmentQueries`` parsed and analyzed once: no fuzzed segment file changes
    /// what the manifest's analyzer and fields make of them.
    let queries: [FuzzQuery]
    /// ``FuzzSearches/countText``, parsed once.
    let countQuery: Query

    private init() {
        folder = FuzzScratch.path("segment")
        do {
            let writer = try IndexWriter(path: folder)
            let documents = FuzzCorpusText.sparseDocuments(count: Self.documentCount, idsOfShort: Self.idsOfShortDocuments)
            for document in documents { try writer.add(document) }
            try writer.commit()
            for id in Self.deletedIDs {
                guard try writer.delete(id: id) else { fatalError("the fuzz fixture index has no document \(id) to delete") }
            }
            let catalog = SourceCatalog(entries: [
                "0/docs.jsonl": .init(size: 41_250, modifiedNanoseconds: 1_700_000_000_123_456_789, hash: 0xFEED_F00D,
                                      documentIDs: ["d0", "d4", "d8"]),
                "0/page.html": .init(size: 512, modifiedNanoseconds: -5, hash: 7, documentIDs: ["0/page.html"]),
            ])
            try writer.commit(catalog: catalog)
            writer.close()
            let directory = IndexDirectory(path: folder)
            let manifest = try Manifest.load(from: directory)
            guard manifest.segments.count == 1, let deletions = manifest.segments[0].deletionsFileName else {
                fatalError("the fuzz fixture index should have one segment with deletions")
            }
            segmentName = manifest.segments[0].name
            var names: [FileFormat.Kind: String] = [:]
            for kind in FileFormat.segmentFileKinds { names[kind] = segmentName + "." + kind.fileExtension }
            names[.manifest] = IndexDirectory.manifestName
            names[.deletions] = deletions
            names[.catalog] = SourceCatalog.fileName(generation: manifest.catalogGeneration)
            fileNames = names
            var originals: [FileFormat.Kind: [UInt8]] = [:]
            var files: [String: MappedFile] = [:]
            for (kind, name) in names {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory.filePath(name))))
                originals[kind] = bytes
                files[name] = bytes.withUnsafeBytes { MappedFile(path: directory.filePath(name), copying: $0) }
            }
            self.originals = originals
            self.files = files
            let segment = try SegmentReader(directory: directory, info: manifest.segments[0])
            let copyPath = folder + "/deflate-copy.store"
            let copy = try DocumentStoreWriter(path: copyPath, compression: .deflate)
            for doc in 0..<segment.documentCount {
                let stored = try segment.store.document(doc)
                try copy.add(id: stored.id, title: stored.title, body: stored.body, fields: stored.fields.map(\.value))
            }
            try copy.finish()
            deflateStore = [UInt8](try Data(contentsOf: URL(fileURLWithPath: copyPath)))
            try FileManager.default.removeItem(atPath: copyPath)
            var entries: [(key: [UInt8], info: TermInfo)] = []
            try segment.dictionary.forEach { key, info in
                entries.append((Array(key), info))
            }
            termEntries = entries
            let searcher = try Searcher(indexPath: folder)
            queries = try FuzzQuery.prepared(FuzzSearches.segmentQueries, by: searcher)
            countQuery = try searcher.parser.parse(FuzzSearches.countText, mode: .all)
        } catch {
            fatalError("cannot build the fuzz fixture index in \(folder): \(error)")
        }
    }

    /// The fixture's folder with its files in memory, the file of `kind` replaced by `file` (none
    /// replaced when nil).
    func directory(replacing kind: FileFormat.Kind? = nil, with file: [UInt8] = []) -> IndexDirectory {
        var directory = IndexDirectory(path: folder)
        var files = self.files
        if let kind, let name = fileNames[kind] {
            files[name] = file.withUnsafeBytes { MappedFile(path: directory.filePath(name), copying: $0) }
        }
        directory.memoryFiles = files
        return directory
    }

    /// Replaces the segment's file of `kind` with the file `input` stands for, then opens,
    /// searches and checks the index.
    func replacing(_ kind: FileFormat.Kind, with input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        let directory = directory(replacing: kind, with: FuzzFileInput.fileBytes(input, kind: kind))
        var reported: QuarryError?
        do {
            let searcher = Searcher(reader: try IndexReader(directory: directory))
            reported = try FuzzSearches.run(queries, countQuery: countQuery, on: searcher, checkOrder: false, readDocuments: false)
        } catch let finding as FuzzFinding {
            throw finding
        } catch {
            reported = try FuzzSearches.quarryError(error, in: "opening the index")
        }
        var checkFoundDamage = false
        do {
            var checker = IndexChecker(directory: directory)
            checker.readsStoredDocuments = false
            let report = try checker.run()
            checkFoundDamage = !report.isHealthy
        } catch {
            _ = try FuzzSearches.quarryError(error, in: "IndexChecker")
            checkFoundDamage = true
        }
        if let reported, FuzzSearches.isCorruption(reported), !checkFoundDamage {
            throw FuzzFinding("a search reported damage (\(reported)) that check does not find")
        }
        if let reported { return .rejected(reported.description) }
        return checkFoundDamage ? .rejected("check found damage") : .accepted
    }

    /// Replaces the segment's store with the file `input` stands for and reads it directly: every
    /// block through the merge path (``DocumentStoreReader/forEachCompressedBlock(_:)``, each
    /// decompressed), and through ``DocumentStoreReader/document(_:)`` the first, second, middle
    /// and last documents, one past the end and three the input picks. (Searching and checking
    /// the whole index would decompress the store's block once per document.)
    func replacingStore(with input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        let name = fileNames[.store]!
        let store: DocumentStoreReader
        do {
            store = try DocumentStoreReader(file: directory(replacing: .store, with: FuzzFileInput.fileBytes(input, kind: .store)).map(name), name: name)
        } catch {
            return .rejected(try FuzzSearches.quarryError(error, in: "DocumentStoreReader").description)
        }
        var first: QuarryError?
        var documents = 0
        do {
            try store.forEachCompressedBlock { block, rawLength, count in
                guard rawLength < 1 << 30 else { throw QuarryError.corruptIndex("\(name): block too large") }
                _ = try store.codec.decompress(block, rawLength: rawLength, context: name)
                documents += count
            }
        } catch {
            try FuzzSearches.record(error, into: &first, in: "reading the store's blocks")
        }
        let n = store.documentCount
        var picks = [0, 1, n / 2, n - 1]
        for i in 0..<min(3, input.count) { picks.append(Int(input[input.count - 1 - i]) * max(1, n / 256)) }
        // The walk merges and check use: documents in order, each as reading it alone gives it.
        var walked: [Int: StoredDocument] = [:]
        var next = 0
        var walkFailed = false
        do {
            try store.forEachDocument { doc, stored in
                guard doc == next else { throw FuzzFinding("the store walk gave document \(doc) after \(next - 1)") }
                next += 1
                if picks.contains(doc) { walked[doc] = stored }
            }
            if next != n { throw FuzzFinding("the store walk gave \(next) of \(n) documents") }
        } catch let finding as FuzzFinding {
            throw finding
        } catch {
            walkFailed = true
            try FuzzSearches.record(error, into: &first, in: "walking the store")
        }
        for doc in picks where doc >= 0 && doc < n {
            do {
                let alone = try store.document(doc)
                if !walkFailed, let inWalk = walked[doc], inWalk != alone {
                    throw FuzzFinding("store document \(doc) reads differently alone than in the walk")
                }
            } catch let finding as FuzzFinding {
                throw finding
            } catch {
                try FuzzSearches.record(error, into: &first, in: "store document \(doc)")
            }
        }
        // Past the end is refused, never read.
        if (try? store.document(n)) != nil { throw FuzzFinding("the store returned document \(n) of \(n)") }
        if first == nil && documents != n && n > 0 {
            first = .corruptIndex("\(name): blocks hold \(documents) documents, the trailer says \(n)")
        }
        if let first { return .rejected(first.description) }
        return .accepted
    }

    /// Opens the fixture's segments as `manifest` describes them and searches them.
    func searching(with manifest: Manifest) throws(FuzzFinding) -> FuzzOutcome {
        let directory = directory()
        let searcher: Searcher
        do {
            let extras = ExtraFields.names(in: manifest.fields)
            let segments = try manifest.segments.map { try SegmentReader(directory: directory, info: $0, extraFields: extras) }
            searcher = Searcher(reader: try IndexReader(directory: directory, manifest: manifest, segments: segments))
        } catch {
            return .rejected(try FuzzSearches.quarryError(error, in: "opening segments").description)
        }
        if let error = try FuzzSearches.run(FuzzSearches.segmentQueries, on: searcher, checkOrder: false, readDocuments: false) {
            return .rejected(error.description)
        }
        return .accepted
    }
}
