import Testing
@testable import Quarry

/// The index must rank exactly like brute-force BM25 over the same tokens, for OR, AND and phrases,
/// with one segment or many, pruned or exhaustive.
@Suite struct ReferenceModelTests {
    struct Setup: Sendable, CustomStringConvertible {
        var documents: Int
        var vocabulary: Int
        var maxLength: Int
        var memoryBudget: Int
        var seed: UInt64
        /// The title's weight. At 0 (as `quarry bench` runs, like the peers) a plain word is one
        /// term of the text field, so plain OR and AND queries run the dedicated pruning loops.
        var titleWeight = SearchOptions.defaultTitleWeight
        var description: String {
            "\(documents) docs, vocabulary \(vocabulary), budget \(memoryBudget), seed \(seed), title weight \(titleWeight)"
        }

        /// `options` with this setup's title weight.
        func options(_ options: SearchOptions) -> SearchOptions {
            var options = options
            options.fieldWeights["title"] = titleWeight
            return options
        }
    }

    static let setups: [Setup] = [
        Setup(documents: 60, vocabulary: 30, maxLength: 20, memoryBudget: 1 << 30, seed: 1),
        Setup(documents: 1500, vocabulary: 400, maxLength: 60, memoryBudget: 1 << 30, seed: 2),
        // A small budget forces many segments: statistics must stay index-wide.
        Setup(documents: 1500, vocabulary: 200, maxLength: 40, memoryBudget: 1, seed: 3),
        Setup(documents: 3000, vocabulary: 50, maxLength: 12, memoryBudget: 1 << 30, seed: 4),
        // The dedicated OR and AND loops, over dense words (long leads, so AND's per-candidate
        // bounds run), in one segment and in several.
        Setup(documents: 3000, vocabulary: 50, maxLength: 30, memoryBudget: 1 << 30, seed: 5, titleWeight: 0),
        Setup(documents: 2000, vocabulary: 120, maxLength: 40, memoryBudget: 1, seed: 6, titleWeight: 0),
    ]

    static func build(_ setup: Setup, in dir: TemporaryDirectory) throws -> ([SourceDocument], Searcher) {
        let docs = RandomCorpus.documents(count: setup.documents, vocabularySize: setup.vocabulary, maxLength: setup.maxLength, seed: setup.seed)
        // memoryBudget is clamped to 1 MiB by the writer; flush by count instead for the multi-segment case.
        let writer = try IndexWriter(path: dir.path, memoryBudget: setup.memoryBudget)
        for (i, d) in docs.enumerated() {
            try writer.add(d)
            if setup.memoryBudget == 1 && i % 400 == 399 { try writer.commit() }
        }
        try writer.commit()
        writer.close()
        return (docs, try Searcher(indexPath: dir.path))
    }

    /// Same documents in the same order, scores within float tolerance; where the reference has
    /// near-ties the order among them may differ.
    static func expectSame(_ hits: [Hit], _ expected: [(doc: Int, score: Double)], k: Int, context: String) {
        let expectedTop = Array(expected.prefix(k))
        #expect(hits.count == expectedTop.count, "\(context): hit count")
        for (i, hit) in hits.enumerated() where i < expectedTop.count {
            let e = expectedTop[i]
            let tolerance = 1e-4 * max(1, abs(e.score))
            #expect(abs(Double(hit.score) - e.score) <= tolerance, "\(context): score at rank \(i + 1): \(hit.score) vs \(e.score)")
            if hit.doc != e.doc {
                // Only acceptable when the reference scores of both documents are a float-noise tie.
                let other = expected.first { $0.doc == hit.doc }
                #expect(other != nil && abs(other!.score - e.score) <= tolerance, "\(context): doc at rank \(i + 1): \(hit.doc) vs \(e.doc)")
            }
        }
    }

    @Test(arguments: setups)
    func matchesBruteForce(setup: Setup) throws {
        let dir = TemporaryDirectory()
        let (docs, searcher) = try Self.build(setup, in: dir)
        var model = ReferenceModel(documents: docs, analyzer: searcher.reader.analyzer)
        model.titleWeight = Double(setup.titleWeight)
        #expect(searcher.reader.documentCount == docs.count)
        let queries = RandomCorpus.queries(count: 40, vocabularySize: setup.vocabulary, seed: setup.seed + 100)
        for words in queries {
            let text = words.joined(separator: " ")
            for k in [1, 10, 50] {
                for mode in Query.Mode.allCases {
                    let query = try searcher.parser.parse(text, mode: mode)
                    let expected = model.search(query)
                    let pruned = try searcher.search(query, options: setup.options(SearchOptions(limit: k, mode: mode, countTotal: false)))
                    let exhaustive = try searcher.search(query, options: setup.options(SearchOptions(limit: k, mode: mode, exhaustive: true)))
                    Self.expectSame(pruned.hits, expected, k: k, context: "\(mode) k=\(k) [\(text)]")
                    #expect(pruned.hits == exhaustive.hits, "pruning changed the results for \(mode) [\(text)]")
                    #expect(exhaustive.total == expected.count, "total for \(mode) [\(text)]")
                }
                if words.count >= 2 {
                    let phrase = try searcher.parser.parse("\"\(text)\"")
                    let expected = model.search(phrase)
                    let got = try searcher.search(phrase, options: setup.options(SearchOptions(limit: k)))
                    Self.expectSame(got.hits, expected, k: k, context: "phrase k=\(k) [\(text)]")
                    // Exact up to the counting limit, a lower bound at it.
                    #expect(got.total == min(expected.count, Searcher.exactTotalLimit))
                    #expect(got.totalIsLowerBound == (expected.count > Searcher.exactTotalLimit))
                    let mixed = try searcher.parser.parse("\(words[0]) \"\(words[1...].joined(separator: " "))\"")
                    let mixedExpected = model.search(mixed)
                    Self.expectSame(try searcher.search(mixed, options: setup.options(SearchOptions(limit: k))).hits, mixedExpected, k: k,
                                    context: "mixed [\(text)]")
                }
            }
            let all = try searcher.parser.parse(text, mode: .all)
            #expect(try searcher.count(all) == model.search(all).count)
        }
    }

    /// A word repeated in a query counts as often as it appears (analysis merges the repeats into
    /// one clause whose weight counts them): pruned and exhaustive OR and AND equal brute force,
    /// in one segment and in several, through the general loops and the dedicated ones.
    @Test(arguments: [setups[1], setups[2], setups[4], setups[5]])
    func repeatedWordsCountAsOftenAsTheyAppear(setup: Setup) throws {
        let dir = TemporaryDirectory()
        let (docs, searcher) = try Self.build(setup, in: dir)
        var model = ReferenceModel(documents: docs, analyzer: searcher.reader.analyzer)
        model.titleWeight = Double(setup.titleWeight)
        let words = RandomCorpus.vocabulary(setup.vocabulary)
        let (a, b, c) = (words[0], words[3], words[9])
        for text in ["\(a) \(a)", "\(a) \(b) \(a)", "\(a) \(b) \(a) \(c) \(a) \(b)", "\(c) \(c) \(c) \(b)"] {
            for mode in Query.Mode.allCases {
                let query = try searcher.parser.parse(text, mode: mode)
                let expected = model.search(query)
                for k in [1, 10, 100] {
                    let pruned = try searcher.search(query, options: setup.options(SearchOptions(limit: k, mode: mode, countTotal: false)))
                    let exhaustive = try searcher.search(query, options: setup.options(SearchOptions(limit: k, mode: mode, exhaustive: true)))
                    Self.expectSame(pruned.hits, expected, k: k, context: "\(mode) k=\(k) [\(text)]")
                    #expect(pruned.hits == exhaustive.hits, "pruning changed the results for \(mode) [\(text)]")
                    #expect(exhaustive.total == expected.count, "total for \(mode) [\(text)]")
                }
            }
        }
        // Twice the word, twice the score: the repeat is not dropped.
        let once = try searcher.search(try searcher.parser.parse(a), options: setup.options(SearchOptions(limit: 5, countTotal: false)))
        let twice = try searcher.search(try searcher.parser.parse("\(a) \(a)"), options: setup.options(SearchOptions(limit: 5, countTotal: false)))
        #expect(!once.hits.isEmpty)
        #expect(once.hits.map(\.doc) == twice.hits.map(\.doc))
        for (one, two) in zip(once.hits, twice.hits) {
            #expect(abs(Double(two.score) - 2 * Double(one.score)) <= 1e-4 * Double(two.score))
        }
    }

    @Test func adversarialCorpora() throws {
        // One term in every document, many identical documents (all scores tie), k larger than the hits.
        let dir = TemporaryDirectory()
        var docs: [SourceDocument] = []
        for i in 0..<700 { docs.append(SourceDocument(id: "\(i)", title: "", body: i % 100 == 0 ? "common rare" : "common filler")) }
        let writer = try IndexWriter(path: dir.path)
        for d in docs { try writer.add(d) }
        try writer.commit()
        let searcher = try Searcher(indexPath: dir.path)
        let model = ReferenceModel(documents: docs, analyzer: searcher.reader.analyzer)
        for text in ["common", "common rare", "rare", "filler rare", "common filler rare"] {
            for mode in Query.Mode.allCases {
                let query = try searcher.parser.parse(text, mode: mode)
                let expected = model.search(query)
                for k in [1, 7, 10, 1000] {
                    let got = try searcher.search(query, options: SearchOptions(limit: k, mode: mode, countTotal: false))
                    #expect(got.hits.map(\.doc) == expected.prefix(k).map(\.doc), "\(mode) k=\(k) [\(text)]")
                }
            }
        }
    }
}
