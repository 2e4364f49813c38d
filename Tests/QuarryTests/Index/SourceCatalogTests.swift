import Testing
@testable import Quarry

/// The source catalog file: front-coded document ids come back exactly, however they share
/// prefixes, and a shared-prefix count that reaches past the previous id is damage.
@Suite struct SourceCatalogTests {
    static func roundTrip(_ catalog: SourceCatalog) throws -> SourceCatalog {
        try catalog.encoded().withUnsafeBytes { try SourceCatalog.decode($0, name: "test.catalog") }
    }

    @Test func idsSharingPrefixesRoundTrip() throws {
        let ids = ["doc0", "doc1", "doc10", "doc1", "doc", "", "docs/ünïcode/é", "docs/ünïcode/è", "x", "doc100"]
            + (0..<300).map { "python-docs/library/page-\($0).html" }
        let catalog = SourceCatalog(entries: [
            "a.jsonl": .init(size: 10, modifiedNanoseconds: -5, hash: 42, documentIDs: ids),
            "b.txt": .init(size: 3, modifiedNanoseconds: 7, hash: 1, documentIDs: ["b.txt"]),
            "empty.jsonl": .init(size: 0, modifiedNanoseconds: 0, hash: 0, documentIDs: []),
        ])
        #expect(try Self.roundTrip(catalog) == catalog)
        // Front coding: the 300 paths take far less than their own bytes.
        let plain = ids.reduce(0) { $0 + $1.utf8.count }
        #expect(catalog.encoded().count < plain / 2, "\(catalog.encoded().count) bytes for \(plain) bytes of ids")
    }

    /// A catalog whose second id claims to share more bytes than the first id has.
    @Test func sharedPrefixBeyondThePreviousIdIsDamage() {
        var w = ByteWriter()
        FileFormat.writeHeader(.catalog, to: &w)
        w.u32(1)
        w.lengthPrefixed(Array("f.jsonl".utf8))
        w.u64(1); w.u64(2); w.u64(3)
        w.u32(2)
        w.vbyte(0); w.lengthPrefixed(Array("ab".utf8))
        w.vbyte(3); w.lengthPrefixed(Array("c".utf8))
        let bytes = FileFormat.sealed(w)
        #expect(throws: QuarryError.self) {
            try bytes.withUnsafeBytes { try SourceCatalog.decode($0, name: "test.catalog") }
        }
    }
}
