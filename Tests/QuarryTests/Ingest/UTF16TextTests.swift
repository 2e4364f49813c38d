import Foundation
import Testing
@testable import Quarry

/// UTF-16 text files (with or without a byte-order mark) are indexed as text, not skipped as binary.
@Suite("Ingest: UTF-16 text")
struct UTF16TextTests {
    static func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            out += bigEndian ? [high, low] : [low, high]
        }
        return out
    }

    @Test func utf16FilesAreDecoded() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            let text = "Café in Zürich\n\nThe granite 😀 quarry opens at nine.\n"
            try IngestTestSupport.write(Self.utf16(text, bigEndian: false, bom: true), to: "le.txt", in: folder)
            try IngestTestSupport.write(Self.utf16(text, bigEndian: true, bom: true), to: "be.txt", in: folder)
            try IngestTestSupport.write(Self.utf16(text, bigEndian: false, bom: false), to: "plain-le.txt", in: folder)
            try IngestTestSupport.write(Self.utf16("<html><head><title>Zürich page</title></head><body><p>granite blocks</p></body></html>",
                                                   bigEndian: false, bom: true), to: "page.html", in: folder)
            let (items, summary) = try IngestTestSupport.collect(DocumentSource(paths: [folder.path]))
            #expect(summary.skipped == 0, "\(items)")
            var documents: [String: SourceDocument] = [:]
            for case .document(let document, _, let replaced) in items {
                documents[document.id] = document
                #expect(replaced == 0)
            }
            for name in ["le.txt", "be.txt", "plain-le.txt"] {
                #expect(documents[name]?.title == "Café in Zürich", "\(name)")
                #expect(documents[name]?.body == "The granite 😀 quarry opens at nine.", "\(name)")
            }
            #expect(documents["page.html"]?.title == "Zürich page")
            #expect(documents["page.html"]?.body.contains("granite blocks") == true)
        }
    }

    @Test func damagedUTF16IsRepairedAndCounted() throws {
        // An unpaired high surrogate and an odd last byte each become U+FFFD.
        let bytes: [UInt8] = [0xFF, 0xFE] + Self.utf16("ab", bigEndian: false, bom: false) + [0x00, 0xD8] + Self.utf16("c", bigEndian: false, bom: false) + [0x41]
        let decoded = try #require(UTF16Text.utf8IfUTF16(bytes))
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == "ab\u{FFFD}c\u{FFFD}")
        #expect(decoded.replacements == 2)
    }

    @Test func otherFilesAreNotTakenForUTF16() {
        #expect(UTF16Text.byteOrder(Array("plain ASCII text here".utf8)) == nil)
        #expect(UTF16Text.byteOrder([0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]) == nil)  // UTF-32
        #expect(UTF16Text.byteOrder([0x41, 0x00, 0x00, 0x00, 0x42, 0x00, 0x43, 0x00]) == nil)  // a NUL code unit
        #expect(UTF16Text.byteOrder([0x01, 0x02, 0x00, 0x00, 0x7F, 0x45, 0x4C, 0x46]) == nil)
    }
}
