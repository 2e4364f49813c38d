import Testing
@testable import Quarry

@Suite("Plain text")
struct PlainTextReaderTests {
    @Test("first non-empty line is the title; the body is the rest")
    func titleAndBody() {
        let text = PlainTextReader.read(Array("\n  \n  My Title  \nline one\n\nline two\n\n".utf8))
        #expect(text.title == "My Title")
        #expect(text.body == "line one\n\nline two")
        #expect(text.replacements == 0)
    }

    @Test("CRLF and CR line breaks end the title line")
    func lineBreaks() {
        #expect(PlainTextReader.read(Array("Title\r\nbody".utf8)).title == "Title")
        #expect(PlainTextReader.read(Array("Title\r\nbody".utf8)).body == "body")
        #expect(PlainTextReader.read(Array("Title\rbody".utf8)).body == "body")
    }

    @Test("a single line is all title")
    func singleLine() {
        let text = PlainTextReader.read(Array("only".utf8))
        #expect(text.title == "only")
        #expect(text.body == "")
    }

    @Test("empty and blank files give no text")
    func empty() {
        for input in ["", " \n\t\n "] {
            let text = PlainTextReader.read(Array(input.utf8))
            #expect(text.title == "")
            #expect(text.body == "")
        }
    }

    @Test("a UTF-8 byte-order mark is dropped")
    func byteOrderMark() {
        let text = PlainTextReader.read([0xEF, 0xBB, 0xBF] + Array("Title\nbody".utf8))
        #expect(text.title == "Title")
        #expect(text.title.unicodeScalars.first == "T")
        #expect(text.replacements == 0)
    }

    @Test("invalid UTF-8 is replaced with U+FFFD and counted")
    func invalidUTF8() {
        // 0xFF is never valid; 0xC3 starts a 2-byte sequence cut short; 0xE2 0x82 a 3-byte one.
        let bytes: [UInt8] = Array("T".utf8) + [0xFF] + Array("\na".utf8) + [0xC3] + Array(" b".utf8) + [0xE2, 0x82] + Array("c".utf8)
        let text = PlainTextReader.read(bytes)
        #expect(text.title == "T\u{FFFD}")
        #expect(text.body == "a\u{FFFD} b\u{FFFD}c")
        #expect(text.replacements == 3)
    }

    @Test("valid multi-byte text is untouched")
    func validUTF8() {
        let text = PlainTextReader.read(Array("Grüße\n日本語 😀".utf8))
        #expect(text.title == "Grüße")
        #expect(text.body == "日本語 😀")
        #expect(text.replacements == 0)
    }
}
