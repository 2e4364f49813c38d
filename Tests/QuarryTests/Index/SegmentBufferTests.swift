import Testing
@testable import Quarry

/// Checks `SegmentBuffer`'s postings against a plain model built from the analyzer's tokens.
@Suite struct SegmentBufferTests {
    struct TermPostings: Equatable {
        var docs: [UInt32] = []
        var freqs: [UInt32] = []
        /// VByte position deltas, the first of each document absolute.
        var positions: [UInt8] = []
    }

    /// The expected postings per term key (field byte + term), from the analyzer directly.
    static func model(_ documents: [(title: String, body: String)], analyzer: Analyzer) -> (terms: [[UInt8]: TermPostings], lengths: [UInt32]) {
        var terms: [[UInt8]: TermPostings] = [:]
        var lengths: [UInt32] = []
        for (doc, document) in documents.enumerated() {
            var text = document.title + "\n" + document.body
            var perDoc: [[UInt8]: [UInt32]] = [:]
            var order: [[UInt8]] = []
            var count: UInt32 = 0
            _ = text.withUTF8 { utf8 in
                analyzer.analyze(utf8, startPosition: 0) { term, pos, _, _ in
                    let key = [SegmentBuffer.textField] + Array(term)
                    if perDoc[key] == nil { order.append(key) }
                    perDoc[key, default: []].append(pos)
                    count += 1
                }
            }
            lengths.append(count)
            // The title again, as its own field.
            var title = document.title
            _ = title.withUTF8 { utf8 in
                analyzer.analyze(utf8, startPosition: 0) { term, pos, _, _ in
                    let key = [SegmentBuffer.titleField] + Array(term)
                    if perDoc[key] == nil { order.append(key) }
                    perDoc[key, default: []].append(pos)
                }
            }
            for key in order {
                let positions = perDoc[key]!
                var entry = terms[key] ?? TermPostings()
                entry.docs.append(UInt32(doc))
                entry.freqs.append(UInt32(positions.count))
                var previous: UInt32 = 0
                for p in positions {
                    entry.positions += ByteSlicePoolTests.vbyte(p - previous)
                    previous = p
                }
                terms[key] = entry
            }
        }
        return (terms, lengths)
    }

    static func check(_ buffer: SegmentBuffer, against documents: [(title: String, body: String)], analyzer: Analyzer) {
        let (expected, lengths) = model(documents, analyzer: analyzer)
        #expect(buffer.documentCount == documents.count)
        #expect(buffer.lengths == lengths)
        #expect(buffer.totalTokens == lengths.reduce(0) { $0 + UInt64($1) })
        #expect(buffer.terms.count == expected.count)
        var docs: [UInt32] = [99]
        var freqs: [UInt32] = [99]
        var positions: [UInt8] = [99]
        var mismatches = 0
        for id in 0..<buffer.terms.count {
            let key = buffer.terms.withKey(id) { Array($0) }
            let total = buffer.readPostings(term: id, docs: &docs, freqs: &freqs, positions: &positions)
            let actual = TermPostings(docs: docs, freqs: freqs, positions: positions)
            if actual != expected[key] { mismatches += 1 }
            #expect(total == freqs.reduce(0) { $0 + UInt64($1) })
        }
        #expect(mismatches == 0)
    }

    @Test func handWrittenDocuments() {
        let analyzer = Analyzer()
        let longBody = (0..<3000).map { $0 % 7 == 0 ? "seven" : "w\($0 % 300)" }.joined(separator: " ")
        let documents: [(title: String, body: String)] = [
            ("alpha", "alpha beta alpha gamma alpha"),
            ("", ""),
            ("Beta", "no shared words here"),
            ("", longBody),
            ("alpha", String(repeating: "x ", count: 500)),
        ]
        var buffer = SegmentBuffer()
        for document in documents {
            buffer.addDocument(title: document.title, body: document.body, analyzer: analyzer)
        }
        Self.check(buffer, against: documents, analyzer: analyzer)
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func randomCorpus(seed: UInt64) {
        let analyzer = Analyzer()
        let documents = RandomCorpus.documents(count: 600, vocabularySize: 3000, maxLength: 400, seed: seed)
            .map { (title: $0.title, body: $0.body) }
        var buffer = SegmentBuffer()
        for document in documents {
            buffer.addDocument(title: document.title, body: document.body, analyzer: analyzer)
        }
        Self.check(buffer, against: documents, analyzer: analyzer)
    }

    /// Tokens are staged in runs before they reach the term table; terms far longer than the
    /// stage's first key buffer (which must grow, keeping the keys already staged) and runs that
    /// end mid-field must give the same postings as adding each token at once.
    @Test func longTermsAmongShortOnesAcrossStagedRuns() {
        let analyzer = Analyzer(settings: AnalyzerSettings(maxTokenBytes: 8_000))
        let long = { (letter: Character, count: Int) in String(repeating: letter, count: count) }
        let words = (0..<97).map { k -> String in
            switch k % 10 {
            case 3: long("a", 2_500 + k)
            case 7: long("b", 5_000)
            default: "w\(k % 13)"
            }
        }
        let documents: [(title: String, body: String)] = [
            (long("t", 1_500), words.joined(separator: " ")),
            ("short", words.reversed().joined(separator: " ")),
            ("", long("c", 7_999) + " " + long("c", 8_001) + " tail"),
        ]
        var buffer = SegmentBuffer()
        for document in documents {
            buffer.addDocument(title: document.title, body: document.body, analyzer: analyzer)
        }
        Self.check(buffer, against: documents, analyzer: analyzer)
        // The 8,001-byte token is over the limit: dropped, but it keeps its position.
        #expect(buffer.lengths[2] == 2)
    }

    /// A term seen again after a gap of many documents (large document deltas).
    @Test func sparseTermAcrossManyDocuments() {
        let analyzer = Analyzer()
        var documents: [(title: String, body: String)] = []
        for i in 0..<20_000 {
            documents.append(("", i % 9_973 == 0 ? "rare common" : "common"))
        }
        var buffer = SegmentBuffer()
        for document in documents {
            buffer.addDocument(title: document.title, body: document.body, analyzer: analyzer)
        }
        Self.check(buffer, against: documents, analyzer: analyzer)
    }

    @Test func copiesAreIndependent() {
        let analyzer = Analyzer()
        let first: [(title: String, body: String)] = [("one", "shared words one"), ("two", "shared words two")]
        var original = SegmentBuffer()
        for d in first { original.addDocument(title: d.title, body: d.body, analyzer: analyzer) }
        var copy = original
        copy.addDocument(title: "three", body: "shared three", analyzer: analyzer)
        original.addDocument(title: "four", body: "words four four", analyzer: analyzer)
        Self.check(original, against: first + [("four", "words four four")], analyzer: analyzer)
        Self.check(copy, against: first + [("three", "shared three")], analyzer: analyzer)
    }

    @Test func memoryEstimateTracksContent() {
        let analyzer = Analyzer()
        var buffer = SegmentBuffer()
        let empty = buffer.memoryBytes
        let documents = RandomCorpus.documents(count: 2000, vocabularySize: 20_000, maxLength: 600, seed: 5)
        var positionsBytes = 0
        for d in documents {
            buffer.addDocument(title: d.title, body: d.body, analyzer: analyzer)
        }
        var docs: [UInt32] = []
        var freqs: [UInt32] = []
        var positions: [UInt8] = []
        for id in 0..<buffer.terms.count {
            _ = buffer.readPostings(term: id, docs: &docs, freqs: &freqs, positions: &positions)
            positionsBytes += positions.count
        }
        #expect(buffer.memoryBytes > empty + positionsBytes)
        // Beyond the positions: document streams, slice slack, term keys and per-term state.
        #expect(buffer.memoryBytes < empty + 2 * positionsBytes + buffer.terms.count * 200)
    }
}
