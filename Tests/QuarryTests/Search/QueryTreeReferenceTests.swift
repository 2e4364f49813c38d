import Testing
@testable import Quarry

/// Random query trees (depth up to 3, every node kind, boosts, slop, repeated words) on random
/// multi-segment corpora: the index must give the brute-force model's ids, scores and totals, and
/// pruned search must equal exhaustive search.
@Suite struct QueryTreeReferenceTests {
    struct TreeGenerator {
        var rng: SplitMix
        let vocabulary: [String]
        /// Fields of extra leaves (`body` and extra text fields); none: only the built-in leaves.
        var fieldLeaves: [String] = []

        mutating func word() -> String {
            let u = Double(rng.next() % 1_000_000) / 1_000_000
            return vocabulary[min(vocabulary.count - 1, Int(Double(vocabulary.count) * u * u))]
        }

        mutating func leaf() -> Query {
            if !fieldLeaves.isEmpty && rng.next() % 2 == 0 {
                let field = fieldLeaves[Int(rng.next() % UInt64(fieldLeaves.count))]
                switch rng.next() % 5 {
                case 0: return .phrase(word() + " " + word(), field: field, slop: Int(rng.next() % 3))
                case 1: return .prefix(String(word().prefix(2)), field: field)
                case 2: return .term(word() + " " + word(), field: field)
                default: return .term(word(), field: field)
                }
            }
            switch rng.next() % 10 {
            case 6: return .term(word(), field: "title")
            case 7: return .phrase(word() + " " + word(), field: rng.next() % 2 == 0 ? "title" : "text", slop: Int(rng.next() % 2))
            case 8: return .term("doc-\(rng.next() % 900)", field: "id")
            case 9: return .prefix(String(word().prefix(2)), field: "title")
            case 0, 1: return .term(word())
            case 2:
                let n = 2 + Int(rng.next() % 2)
                return .phrase((0..<n).map { _ in word() }.joined(separator: " "), slop: Int(rng.next() % 3))
            case 3: return .phrase(word() + " " + word())
            case 4: return .prefix(String(word().prefix(2)))
            default: return .term(word() + " " + word())
            }
        }

        mutating func tree(depth: Int) -> Query {
            if depth == 0 || rng.next() % 3 == 0 { return leaf() }
            switch rng.next() % 6 {
            case 0: return .boost(tree(depth: depth - 1), Float(rng.next() % 4) * 0.75)
            case 1: return .constantScore(tree(depth: depth - 1), Float(1 + rng.next() % 3))
            default:
                var b = BooleanQuery()
                let n = 1 + Int(rng.next() % 4)
                for _ in 0..<n {
                    let child = tree(depth: depth - 1)
                    switch rng.next() % 7 {
                    case 0, 1: b.must.append(child)
                    case 2: b.mustNot.append(child)
                    case 3: b.filter.append(child)
                    default: b.should.append(child)
                    }
                }
                if rng.next() % 3 == 0 { b.should.append(b.should.first ?? leaf()) }  // a repeated clause
                if rng.next() % 4 == 0 { b.minimumShouldMatch = Int(rng.next() % 3) }
                return .boolean(b)
            }
        }
    }

    @Test(arguments: [(UInt64(11), 1 << 30), (UInt64(12), 1), (UInt64(13), 1)])
    func randomTreesMatchBruteForce(seed: UInt64, budget: Int) throws {
        let dir = TemporaryDirectory()
        let setup = ReferenceModelTests.Setup(documents: 900, vocabulary: 60, maxLength: 30, memoryBudget: budget, seed: seed)
        let (docs, searcher) = try ReferenceModelTests.build(setup, in: dir)
        #expect(budget != 1 || searcher.reader.segments.count > 1)
        let model = ReferenceModel(documents: docs, analyzer: searcher.reader.analyzer)
        var generator = TreeGenerator(rng: SplitMix(seed: seed * 7919), vocabulary: RandomCorpus.vocabulary(60))
        var checked = 0
        for _ in 0..<120 {
            if try Self.checkTree(generator.tree(depth: 3), searcher: searcher, model: model) { checked += 1 }
        }
        #expect(checked > 80)
    }

    /// Compares one query tree's results with the model: pruned (k = 1, 5, 20) against brute force
    /// and against exhaustive, totals, counts and a page. Returns false if the tree was refused
    /// (which only a tree the model says matches nothing may be).
    static func checkTree(_ query: Query, searcher: Searcher, model: ReferenceModel) throws -> Bool {
        let expected = model.search(query)
        let exhaustive: SearchResults
        do {
            exhaustive = try searcher.search(query, options: SearchOptions(limit: 20, exhaustive: true))
        } catch QuarryError.badQuery {
            // Only a tree with nothing searchable may be refused; the model must agree it matches nothing.
            #expect(expected.isEmpty, "refused \(query)")
            return false
        }
        for k in [1, 5, 20] {
            let pruned = try searcher.search(query, options: SearchOptions(limit: k))
            ReferenceModelTests.expectSame(pruned.hits, expected, k: k, context: "k=\(k) \(query)")
            #expect(pruned.hits == Array(exhaustive.hits.prefix(k)), "pruning changed the results of \(query)")
            if expected.count <= Searcher.exactTotalLimit {
                #expect(pruned.total == expected.count && !pruned.totalIsLowerBound, "total of \(query)")
            }
        }
        #expect(exhaustive.total == expected.count, "exact total of \(query)")
        #expect(try searcher.count(query) == expected.count, "count of \(query)")
        let page = try searcher.search(query, options: SearchOptions(limit: 5, offset: 3))
        #expect(page.hits.map(\.doc) == exhaustive.hits.dropFirst(3).prefix(5).map(\.doc), "page of \(query)")
        return true
    }
}
