import Foundation

/// A small committed index in the scratch folder whose files the segment targets replace, one
/// input at a time: 300 documents in one segment, three of them deleted, and a source catalog.
///
/// Each input becomes one file of the segment (see ``FuzzFileInput``); the index is then opened,
/// searched in every mode and checked with ``IndexChecker``; the original file is put back
/// afterwards. Damage a search reports, the check must report too. The store, which neither the
/// searches nor the check read here (slow: a document decompresses its whole block), has its own
/// target that reads it directly.
final class FuzzSegmentFixture: @unchecked Sendable {
    // Files are replaced under `lock`; everything else is immutable after init.
    static let shared = FuzzSegmentFixture()
    static let documentCount = 300
    static let deletedIDs = ["d7", "d100", "d299"]

    let folder: String
    let segmentName: String
    /// The committed files, by kind: the segment's, the manifest, its deletions and catalog.
    let originals: [FileFormat.Kind: [UInt8]]
    /// The segment's documents in a DEFLATE store (store version 6), for the store target's seeds.
    let deflateStore: [UInt8]
    /// Every entry of the segment's term dictionary (key and postings locator), in key order.
    let termEntries: [(key: [UInt8], info: TermInfo)]
    private let lock = NSLock()

    private init() {
        folder = FuzzScratch.path("segment")
        do {
            let writer = try IndexWriter(path: folder, storeCompression: .fast)  // the LZ4-family store; a DEFLATE copy is made below
            for document in FuzzCorpusText.documents(count: Self.documentCount) { try writer.add(document) }
            try writer.commit()
            for id in Self.deletedIDs { _ = try writer.delete(id: id) }
            let catalog = SourceCatalog(entries: [
                "0/docs.jsonl": .init(size: 41_250, modifiedNanoseconds: 1_700_000_000_123_456_789, hash: 0xFEED_F00D,
                                      documentIDs: ["d0", "d1", "d2"]),
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
            func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory.filePath(name)))) }
            var originals: [FileFormat.Kind: [UInt8]] = [:]
            for kind in FileFormat.segmentFileKinds { originals[kind] = try read(segmentName + "." + kind.fileExtension) }
            originals[.manifest] = try read(IndexDirectory.manifestName)
            originals[.deletions] = try read(deletions)
            originals[.catalog] = try read(SourceCatalog.fileName(generation: manifest.catalogGeneration))
            self.originals = originals
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
        } catch {
            fatalError("cannot build the fuzz fixture index in \(folder): \(error)")
        }
    }

    /// Replaces the segment's file of `kind` with the file `input` stands for, then opens,
    /// searches and checks the index; puts the original back.
    func replacing(_ kind: FileFormat.Kind, with input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        lock.lock()
        defer { lock.unlock() }
        let path = folder + "/" + segmentName + "." + kind.fileExtension
        FuzzScratch.write(FuzzFileInput.fileBytes(input, kind: kind), to: path)
        defer { FuzzScratch.write(originals[kind]!, to: path) }

        var reported: QuarryError?
        do {
            let searcher = try Searcher(indexPath: folder)
            reported = try FuzzSearches.run(FuzzSearches.segmentQueries, on: searcher, checkOrder: false, readDocuments: false)
        } catch let finding as FuzzFinding {
            throw finding
        } catch {
            reported = try FuzzSearches.quarryError(error, in: "opening the index")
        }
        var checkFoundDamage = false
        do {
            var checker = IndexChecker(path: folder)
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
        lock.lock()
        defer { lock.unlock() }
        let name = segmentName + "." + FileFormat.Kind.store.fileExtension
        let path = folder + "/" + name
        FuzzScratch.write(FuzzFileInput.fileBytes(input, kind: .store), to: path)
        defer { FuzzScratch.write(originals[.store]!, to: path) }
        let store: DocumentStoreReader
        do {
            store = try DocumentStoreReader(file: try MappedFile(path: path), name: name)
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
        lock.lock()
        defer { lock.unlock() }
        let directory = IndexDirectory(path: folder)
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
