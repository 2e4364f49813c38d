import Testing
@testable import Quarry

/// Extra text fields and `body:` against the brute-force model: random trees whose leaves search
/// `body`, `author`, `tags` and plain words (which search the extra fields too) give the model's
/// ids, scores and totals, pruned or not, in one segment or many.
@Suite struct FieldsReferenceTests {
    static let extraFields = ["author", "tags"]

    /// Random documents with an author (most of them) and tags (some), words from the same vocabulary.
    static func documents(count: Int, seed: UInt64) -> [SourceDocument] {
        var rng = SplitMix(seed: seed ^ 0x5EED)
        let vocabulary = RandomCorpus.vocabulary(60)
        func word() -> String { vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
        return RandomCorpus.documents(count: count, vocabularySize: 60, maxLength: 30, seed: seed).map { doc in
            var doc = doc
            if rng.next() % 5 != 0 { doc.fields["author"] = (0..<1 + Int(rng.next() % 2)).map { _ in word() }.joined(separator: " ") }
            if rng.next() % 3 == 0 { doc.fields["tags"] = (0..<1 + Int(rng.next() % 3)).map { _ in word() }.joined(separator: ", ") }
            return doc
        }
    }

    static func build(_ docs: [SourceDocument], commitEvery: Int, in dir: TemporaryDirectory) throws -> Searcher {
        let writer = try IndexWriter(path: dir.path, extraFields: extraFields)
        for (i, d) in docs.enumerated() {
            try writer.add(d)
            if i % commitEvery == commitEvery - 1 { try writer.commit() }
        }
        try writer.commit()
        writer.close()
        return try Searcher(indexPath: dir.path)
    }

    @Test(arguments: [(UInt64(21), 100_000), (UInt64(22), 250), (UInt64(23), 300)])
    func randomTreesMatchBruteForce(seed: UInt64, commitEvery: Int) throws {
        let dir = TemporaryDirectory()
        let docs = Self.documents(count: 800, seed: seed)
        let searcher = try Self.build(docs, commitEvery: commitEvery, in: dir)
        #expect(searcher.reader.extraFieldNames == Self.extraFields)
        let model = ReferenceModel(documents: docs, analyzer: searcher.reader.analyzer, extraFields: Self.extraFields)
        var generator = QueryTreeReferenceTests.TreeGenerator(rng: SplitMix(seed: seed * 104_729), vocabulary: RandomCorpus.vocabulary(60))
        generator.fieldLeaves = ["body", "author", "tags"]
        var checked = 0
        for _ in 0..<120 {
            if try QueryTreeReferenceTests.checkTree(generator.tree(depth: 3), searcher: searcher, model: model) { checked += 1 }
        }
        #expect(checked > 80)
    }

    /// Field weights: 0 takes a field out of plain-word search; other weights scale its score.
    @Test func weightsChangeWhatPlainWordsSearch() throws {
        let dir = TemporaryDirectory()
        let docs = Self.documents(count: 500, seed: 31)
        let searcher = try Self.build(docs, commitEvery: 200, in: dir)
        var model = ReferenceModel(documents: docs, analyzer: searcher.reader.analyzer, extraFields: Self.extraFields)
        model.extraWeights = ["author": 0, "tags": 2.5]
        var options = SearchOptions(limit: 10, countTotal: true)
        options.fieldWeights = ["author": 0, "tags": 2.5]
        for words in RandomCorpus.queries(count: 40, vocabularySize: 60, seed: 32) {
            let query = Query.boolean(should: words.map { .term($0) })
            let expected = model.search(query)
            let results = try searcher.search(query, options: options)
            ReferenceModelTests.expectSame(results.hits, expected, k: 10, context: "\(words)")
            #expect(results.total == expected.count, "total of \(words)")
        }
    }

    /// Body words are the text's words after the title's: a word only in the title is not in the body.
    @Test func bodyExcludesTheTitle() throws {
        let dir = TemporaryDirectory()
        let writer = try IndexWriter(path: dir.path)
        try writer.add(SourceDocument(id: "a", title: "granite quarry", body: "marble tiles"))
        try writer.add(SourceDocument(id: "b", title: "marble", body: "granite granite and marble"))
        try writer.commit()
        writer.close()
        let searcher = try Searcher(indexPath: dir.path)
        func ids(_ text: String) throws -> [String] {
            try searcher.search(text).hits.map { try searcher.document($0).id }.sorted()
        }
        #expect(try ids("body:granite") == ["b"])
        #expect(try ids("body:marble") == ["a", "b"])
        #expect(try ids("body:quarry") == [])
        #expect(try ids("body:\"granite and\"") == ["b"])
        #expect(try ids("body:\"quarry marble\"") == [])  // spans the title and the body
        #expect(try ids("body:gran*") == ["b"])
        #expect(try searcher.explain(.term("granite", field: "body"), document: 1).description.contains("body:granite"))
    }
}
