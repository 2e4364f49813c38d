import Testing
@testable import Quarry

/// Reading a document's start from the store decodes its block only as far as needed, and gives
/// exactly the start of what a whole read gives, for documents anywhere in a block or spanning
/// several.
@Suite struct StorePrefixReadTests {
    static func documents() -> [SourceDocument] {
        var rng = SplitMix(seed: 41)
        return (0..<120).map { i in
            // Mostly a few KiB, some over a block; multi-byte characters everywhere.
            let size = i % 17 == 5 ? 70_000 + Int(rng.next() % 90_000) : 200 + Int(rng.next() % 6_000)
            return SourceDocument(id: "doc-\(i)", title: i % 9 == 0 ? "" : "Title \(i) é",
                                  body: LargeStoredDocumentTests.body(bytes: size, seed: i))
        }
    }

    @Test func prefixReadsAreTheStartOfWholeReads() throws {
        let dir = TemporaryDirectory("quarry-store-prefix")
        let documents = Self.documents()
        try LargeStoredDocumentTests.write(documents, to: dir.sub("index"))
        let reader = try IndexReader(path: dir.sub("index"))
        let store = reader.segments[0].store
        for (i, document) in documents.enumerated() {
            let whole = try store.read(i, bodyPrefixBytes: nil).document
            #expect(whole.id == document.id && whole.title == document.title && whole.body == document.body, "document \(i)")
            for limit in [0, 1, 2, 3, 100, 4_095, 16 * 1024, 65_536, 100_000, 1 << 20] {
                let (part, decompressed) = try store.read(i, bodyPrefixBytes: limit)
                #expect(part.id == document.id && part.title == document.title, "document \(i), limit \(limit)")
                let bytes = part.body.utf8.count
                #expect(bytes <= limit && (bytes > limit - 4 || bytes == document.body.utf8.count), "document \(i), limit \(limit): \(bytes)")
                #expect(document.body.utf8.starts(with: part.body.utf8), "document \(i), limit \(limit)")
                if limit == 0 && i < 3 {
                    // The first documents' fields lie near the start of the first block: only a
                    // little of it is decoded.
                    #expect(decompressed < 8_192 + 1_024, "document \(i): \(decompressed) bytes decoded")
                }
            }
        }
    }
}
