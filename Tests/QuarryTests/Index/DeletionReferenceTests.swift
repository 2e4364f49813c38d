import Foundation
import Testing
@testable import Quarry

/// Adds, updates (same id), deletes by id and by query, commits, merges and reopenings in random
/// order: after every commit the index must give exactly what brute force gives over the live
/// documents, with statistics that (as in Lucene) still count deleted documents until a merge.
@Suite struct DeletionReferenceTests {
    /// What the index should hold: segments of (document, deleted) in the index's own order.
    struct ExpectedIndex {
        var segments: [[(doc: SourceDocument, deleted: Bool)]] = []
        /// Flushed by a delete-by-query, not yet committed.
        var pending: [[(doc: SourceDocument, deleted: Bool)]] = []
        var buffer: [(doc: SourceDocument, deleted: Bool)] = []
        /// The segments as of the last commit (what a reopened writer starts from).
        var committed: [[(doc: SourceDocument, deleted: Bool)]] = []

        /// Marks the live document with `id` deleted; returns whether there was one.
        mutating func delete(id: String) -> Bool {
            var found = false
            func mark(_ list: inout [(doc: SourceDocument, deleted: Bool)]) {
                for i in list.indices where !list[i].deleted && list[i].doc.id == id {
                    list[i].deleted = true
                    found = true
                }
            }
            for s in segments.indices { mark(&segments[s]) }
            for s in pending.indices { mark(&pending[s]) }
            mark(&buffer)
            return found
        }

        mutating func add(_ doc: SourceDocument) -> Bool {
            let replaced = delete(id: doc.id)
            buffer.append((doc, false))
            return replaced
        }

        /// Marks every live document `matches` accepts deleted (flushing the buffer first, as the
        /// writer does); returns how many.
        mutating func delete(where matches: (SourceDocument) -> Bool) -> Int {
            if !buffer.isEmpty { pending.append(buffer); buffer = [] }
            var count = 0
            func mark(_ list: inout [(doc: SourceDocument, deleted: Bool)]) {
                for i in list.indices where !list[i].deleted && matches(list[i].doc) {
                    list[i].deleted = true
                    count += 1
                }
            }
            for s in segments.indices { mark(&segments[s]) }
            for s in pending.indices { mark(&pending[s]) }
            return count
        }

        mutating func commit(merging: Bool) {
            segments += pending
            pending = []
            if !buffer.isEmpty { segments.append(buffer); buffer = [] }
            segments.removeAll { segment in segment.allSatisfy(\.deleted) }
            if merging && (segments.count > 1 || segments.contains { $0.contains(where: \.deleted) }) {
                let live = segments.flatMap { $0 }.filter { !$0.deleted }
                segments = live.isEmpty ? [] : [live]
            }
            committed = segments
        }

        /// A writer reopened: every change since the last commit is gone.
        mutating func reopen() {
            segments = committed
            pending = []
            buffer = []
        }

        func model(analyzer: Analyzer) -> ReferenceModel {
            let all = segments.flatMap { $0 }
            var model = ReferenceModel(documents: all.map(\.doc), analyzer: analyzer)
            model.deleted = Set(all.indices.filter { all[$0].deleted })
            return model
        }
    }

    @Test(arguments: [UInt64(21), 22, 23])
    func randomChangesMatchBruteForce(seed: UInt64) throws {
        let dir = TemporaryDirectory()
        var rng = SplitMix(seed: seed)
        let vocabulary = 40
        let corpus = RandomCorpus.documents(count: 450, vocabularySize: vocabulary, maxLength: 20, seed: seed)
        let words = RandomCorpus.vocabulary(vocabulary)
        var expected = ExpectedIndex()
        var writer = try IndexWriter(path: dir.path)
        writer.mergePolicy = nil  // the model places documents as commits and full merges do
        var next = 0
        var commits = 0
        while next < corpus.count {
            switch rng.next() % 100 {
            case 0..<73:
                // Ids from a small pool: about half the adds replace a live document.
                var doc = corpus[next]
                doc.id = "id-\(rng.next() % 160)"
                next += 1
                let replaced = try writer.update(doc)
                #expect(replaced == expected.add(doc), "update of \(doc.id)")
            case 73..<88:
                let id = "id-\(rng.next() % 170)"
                #expect(try writer.delete(id: id) == expected.delete(id: id), "delete of \(id)")
            case 88..<91:
                let word = words[Int(rng.next() % UInt64(vocabulary))]
                let analyzer = writer.analyzer
                let count = try writer.delete(matching: .term(word, field: "title"))
                let term = analyzer.terms(word).first ?? word  // "zé" is indexed as "ze"
                let modelCount = expected.delete { doc in analyzer.terms(doc.title).contains(term) }
                #expect(count == modelCount, "delete title:\(word)")
            case 91..<95:
                let merging = rng.next() % 4 == 0
                try writer.commit(mergingSegments: merging)
                expected.commit(merging: merging)
                commits += 1
                try check(dir.path, expected, rng: &rng, context: "seed \(seed) commit \(commits)")
            case 95..<98:
                // Reopen: uncommitted changes are dropped, committed ones stay.
                writer.close()
                writer = try IndexWriter(path: dir.path, mode: .append)
                writer.mergePolicy = nil
                expected.reopen()
            default:
                try writer.forceMerge()
                expected.commit(merging: true)
                try check(dir.path, expected, rng: &rng, context: "seed \(seed) force merge")
            }
        }
        try writer.commit()
        expected.commit(merging: false)
        try check(dir.path, expected, rng: &rng, context: "seed \(seed) last commit")
        try writer.forceMerge()
        expected.commit(merging: true)
        try check(dir.path, expected, rng: &rng, context: "seed \(seed) final merge")
        writer.close()
        let stats = try IndexStats(reader: try IndexReader(path: dir.path))
        #expect(stats.deletedDocuments == 0)
        #expect(stats.segments <= 1)
        #expect(try IndexChecker(path: dir.path).run().isHealthy)
    }

    /// Searches the committed index and compares with brute force over the expected live documents.
    func check(_ path: String, _ expected: ExpectedIndex, rng: inout SplitMix, context: String) throws {
        let searcher = try Searcher(indexPath: path)
        let model = expected.model(analyzer: searcher.reader.analyzer)
        let all = expected.segments.flatMap { $0 }
        #expect(searcher.reader.documentCount == all.count, "\(context): documents in segments")
        #expect(searcher.reader.liveDocumentCount == all.filter { !$0.deleted }.count, "\(context): live documents")
        let report = try IndexChecker(path: path).run()
        #expect(report.isHealthy, "\(context): \(report.problems)")
        #expect(report.deletedDocuments == all.filter(\.deleted).count, "\(context): check's deleted count")
        if all.isEmpty { return }
        let words = RandomCorpus.vocabulary(40)
        for _ in 0..<6 {
            let n = 1 + Int(rng.next() % 3)
            let text = (0..<n).map { _ in words[Int(rng.next() % 40)] }.joined(separator: " ")
            for mode in Query.Mode.allCases {
                let query = try searcher.parser.parse(text, mode: mode)
                let reference = model.search(query)
                let exhaustive = try searcher.search(query, options: SearchOptions(limit: 1000, mode: mode, exhaustive: true))
                ReferenceModelTests.expectSame(exhaustive.hits, reference, k: 1000, context: "\(context) \(mode) [\(text)]")
                #expect(exhaustive.total == reference.count, "\(context): total \(mode) [\(text)]")
                let pruned = try searcher.search(query, options: SearchOptions(limit: 5, mode: mode, countTotal: false))
                ReferenceModelTests.expectSame(pruned.hits, reference, k: 5, context: "\(context) pruned \(mode) [\(text)]")
                #expect(try searcher.count(query) == reference.count, "\(context): count \(mode) [\(text)]")
            }
            if n >= 2 {
                let phrase = try searcher.parser.parse("\"\(text)\" -\(words[Int(rng.next() % 40)])")
                let reference = model.search(phrase)
                let got = try searcher.search(phrase, options: SearchOptions(limit: 1000))
                ReferenceModelTests.expectSame(got.hits, reference, k: 1000, context: "\(context) phrase [\(text)]")
            }
        }
        // Every live id is found by `id:` and by the id lookup; every deleted one only if live elsewhere.
        for entry in all.prefix(60) {
            let live = all.contains { !$0.deleted && $0.doc.id == entry.doc.id }
            let found = try searcher.reader.liveDocument(withID: entry.doc.id)
            #expect((found != nil) == live, "\(context): lookup of \(entry.doc.id)")
            if let found { #expect(try searcher.reader.document(found).id == entry.doc.id) }
        }
    }

    @Test func deletionsFileIsValidated() throws {
        let dir = TemporaryDirectory()
        let writer = try IndexWriter(path: dir.path)
        for i in 0..<100 { try writer.add(SourceDocument(id: "d\(i)", title: "", body: "word\(i % 7) common")) }
        try writer.commit()
        #expect(try writer.delete(id: "d3"))
        #expect(try writer.delete(id: "d3") == false)
        #expect(try writer.delete(matching: .term("word1")) == 15)
        try writer.commit()
        writer.close()
        let reader = try IndexReader(path: dir.path)
        #expect(reader.liveDocumentCount == 84)
        #expect(try Searcher(reader: reader).count("common") == 84)
        let deletionsName = try #require(reader.manifest.segments[0].deletionsFileName)
        let path = dir.path + "/" + deletionsName
        let original = try #require(FileManager.default.contents(atPath: path))
        // A crafted bitmap with a recomputed checksum: one more bit set than the header says.
        var crafted = [UInt8](original)
        let firstWord = FileFormat.headerSize + 8
        crafted[firstWord] |= 1  // document 0 was live
        crafted = CraftedSegmentFuzzTests.resealed(crafted)
        try Data(crafted).write(to: URL(fileURLWithPath: path))
        #expect(throws: QuarryError.self) { _ = try IndexReader(path: dir.path) }
        #expect(try IndexChecker(path: dir.path).run().isHealthy == false)
        // A bit past the last document (100 documents: bits 100…127 of the second word), with the
        // count kept right by clearing document 3's bit.
        crafted = [UInt8](original)
        crafted[firstWord] &= ~0x08
        crafted[firstWord + 8 + 4] |= 0x10
        crafted = CraftedSegmentFuzzTests.resealed(crafted)
        try Data(crafted).write(to: URL(fileURLWithPath: path))
        #expect(throws: QuarryError.corruptIndex("\(deletionsName): a document past the segment's end is marked deleted")) {
            _ = try IndexReader(path: dir.path)
        }
        // Truncated.
        try Data(original.prefix(original.count - 9)).write(to: URL(fileURLWithPath: path))
        #expect(throws: QuarryError.self) { _ = try IndexReader(path: dir.path) }
        // Missing.
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: QuarryError.self) { _ = try IndexReader(path: dir.path) }
    }
}
