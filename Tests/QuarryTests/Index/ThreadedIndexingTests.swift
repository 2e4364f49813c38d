import Foundation
import Testing
@testable import Quarry

/// Several indexing threads, each building its own segments, and background merges of flushed
/// segments: random adds, updates, deletes by id and by query, commits, merges and reopenings must
/// leave exactly the expected live documents, and
/// searches must score exactly as brute force over the index's segments (whose split among threads
/// is the writer's choice, so the model takes it from the index).
@Suite struct ThreadedIndexingTests {
    @Test(arguments: [(UInt64(31), 2), (32, 3), (33, 4)])
    func randomChangesWithThreads(seed: UInt64, threads: Int) throws {
        let dir = TemporaryDirectory()
        var rng = SplitMix(seed: seed)
        let corpus = RandomCorpus.documents(count: 600, vocabularySize: 40, maxLength: 20, seed: seed)
        let words = RandomCorpus.vocabulary(40)
        func open(_ mode: IndexWriter.OpenMode) throws -> IndexWriter {
            let writer = try IndexWriter(path: dir.path, mode: mode, threads: threads)
            writer.batchLimit = 1 + Int(rng.next() % 7)
            // A tiny budget, so lanes flush segments of their own mid-run too (some batches).
            writer.laneBudget = rng.next() % 2 == 0 ? 1 : 4_000
            // Small tiers, so the merge thread merges flushed segments while documents arrive.
            writer.mergePolicy = TieredMergePolicy(segmentsPerTier: 2 + Int(rng.next() % 3))
            return writer
        }
        var writer = try open(.create)
        var live: [String: SourceDocument] = [:]
        var committed: [String: SourceDocument] = [:]
        var next = 0
        var commits = 0
        var backgroundMerges = 0
        while next < corpus.count {
            switch rng.next() % 100 {
            case 0..<75:
                var doc = corpus[next]
                // New ids first (segments without deletions, which the merge thread takes), then
                // ids from a small pool, so that most adds replace a live document.
                doc.id = next < 150 ? "new-\(next)" : "id-\(rng.next() % 200)"
                next += 1
                #expect(try writer.update(doc) == (live[doc.id] != nil), "update of \(doc.id)")
                live[doc.id] = doc
            case 75..<88:
                let id = "id-\(rng.next() % 210)"
                #expect(try writer.delete(id: id) == (live.removeValue(forKey: id) != nil), "delete of \(id)")
            case 88..<90:
                let word = words[Int(rng.next() % 40)]
                let analyzer = writer.analyzer
                let term = analyzer.terms(word).first ?? word
                let matching = live.values.filter { analyzer.terms($0.title).contains(term) }.map(\.id)
                #expect(try writer.delete(matching: .term(word, field: "title")) == matching.count, "delete title:\(word)")
                for id in matching { live[id] = nil }
            case 90..<96:
                try writer.commit(mergingSegments: rng.next() % 5 == 0)
                committed = live
                commits += 1
                try check(dir.path, live: live, rng: &rng, context: "seed \(seed) commit \(commits)")
            case 96..<98:
                backgroundMerges += writer.backgroundMerges
                writer.close()
                writer = try open(.append)
                live = committed
            default:
                try writer.forceMerge()
                committed = live
                try check(dir.path, live: live, rng: &rng, context: "seed \(seed) force merge")
            }
        }
        try writer.commit()
        try check(dir.path, live: live, rng: &rng, context: "seed \(seed) last commit")
        try writer.forceMerge()
        try check(dir.path, live: live, rng: &rng, context: "seed \(seed) final merge")
        backgroundMerges += writer.backgroundMerges
        #expect(backgroundMerges > 0, "the merge thread never merged")
        writer.close()
    }

    /// The index holds exactly `live`, and searches equal brute force over its own documents.
    func check(_ path: String, live: [String: SourceDocument], rng: inout SplitMix, context: String) throws {
        let searcher = try Searcher(indexPath: path)
        let reader = searcher.reader
        #expect(reader.liveDocumentCount == live.count, "\(context): live documents")
        var documents: [SourceDocument] = []
        var deleted = Set<Int>()
        var found: [String: SourceDocument] = [:]
        for doc in 0..<reader.documentCount {
            let stored = try reader.document(doc)
            let document = SourceDocument(id: stored.id, title: stored.title, body: stored.body)
            documents.append(document)
            if reader.isDeleted(doc) {
                deleted.insert(doc)
            } else {
                #expect(found.updateValue(document, forKey: stored.id) == nil, "\(context): \(stored.id) is live twice")
            }
        }
        #expect(found == live, "\(context): the live documents")
        let report = try IndexChecker(path: path).run()
        #expect(report.isHealthy, "\(context): \(report.problems)")
        guard !documents.isEmpty else { return }
        var model = ReferenceModel(documents: documents, analyzer: reader.analyzer)
        model.deleted = deleted
        let words = RandomCorpus.vocabulary(40)
        for _ in 0..<5 {
            let text = (0..<(1 + Int(rng.next() % 3))).map { _ in words[Int(rng.next() % 40)] }.joined(separator: " ")
            for mode in Query.Mode.allCases {
                let query = try searcher.parser.parse(text, mode: mode)
                let reference = model.search(query)
                let exhaustive = try searcher.search(query, options: SearchOptions(limit: 1000, mode: mode, exhaustive: true))
                ReferenceModelTests.expectSame(exhaustive.hits, reference, k: 1000, context: "\(context) \(mode) [\(text)]")
                let pruned = try searcher.search(query, options: SearchOptions(limit: 5, mode: mode, countTotal: false))
                ReferenceModelTests.expectSame(pruned.hits, reference, k: 5, context: "\(context) pruned \(mode) [\(text)]")
            }
        }
        for id in live.keys.sorted().prefix(40) {
            #expect(try reader.liveDocument(withID: id) != nil, "\(context): lookup of \(id)")
        }
    }

    /// A write that fails on an indexing thread (a full disk, injected at growing points of the
    /// run) surfaces as an error, leaves the last commit exactly as it was and no file of the run;
    /// the retry that gets through holds every document once.
    @Test func fullDiskOnAnIndexingThreadCommitsNothing() throws {
        let dir = TemporaryDirectory("quarry-enospc-threads")
        let index = dir.sub("index")
        let old = (0..<200).map { SourceDocument(id: "old\($0)", title: "", body: "oldword common w\($0 % 9)") }
        let new = (0..<300).map { SourceDocument(id: "new\($0)", title: "t\($0 % 5)", body: "newword common w\($0 % 9)") }
        do {
            let writer = try IndexWriter(path: index, threads: 2)
            for doc in old { try writer.add(doc) }
            try writer.commit()
            writer.close()
        }
        let before = try Set(FileManager.default.contentsOfDirectory(atPath: index))
        var budget = 100
        var failures = 0
        while true {
            WriteFaultInjection.shared.setBudget(budget, forFilesUnder: index)
            defer { WriteFaultInjection.shared.setBudget(nil, forFilesUnder: index) }
            let writer = try IndexWriter(path: index, mode: .append, threads: 2)
            writer.batchLimit = 3
            writer.laneBudget = 1
            defer { writer.close() }
            do {
                for doc in new { try writer.add(doc) }
                try writer.commit()
                break
            } catch {
                failures += 1
                #expect("\(error)".contains("No space left on device"), "\(error)")
                #expect(writer.pendingDocuments == 0)
                #expect(try Set(FileManager.default.contentsOfDirectory(atPath: index)) == before, "budget \(budget)")
                #expect(try Searcher(indexPath: index).count("newword") == 0)
                #expect(try Searcher(indexPath: index).count("oldword") == 200)
            }
            budget = budget * 2
        }
        #expect(failures > 3)
        let searcher = try Searcher(indexPath: index)
        #expect(try searcher.count("newword") == 300)
        #expect(try searcher.count("oldword") == 200)
        #expect(searcher.reader.liveDocumentCount == 500)
        #expect(try IndexChecker(path: index).run().isHealthy)
    }
}
