import Testing
@testable import Quarry

@Suite("Binary detection")
struct BinaryDetectorTests {
    @Test("PNG header is binary")
    func png() {
        let header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        #expect(BinaryDetector.isBinary(header))
    }

    @Test("ELF header is binary")
    func elf() {
        let header: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + [UInt8](repeating: 0, count: 8)
        #expect(BinaryDetector.isBinary(header))
    }

    @Test("a NUL byte anywhere in the sample makes it binary")
    func nulByte() {
        var bytes = Array(String(repeating: "plain text ", count: 100).utf8)
        #expect(!BinaryDetector.isBinary(bytes))
        bytes[500] = 0
        #expect(BinaryDetector.isBinary(bytes))
    }

    @Test("a NUL byte beyond the sample is not looked at")
    func nulBeyondSample() {
        var bytes = Array(String(repeating: "x", count: BinaryDetector.sampleSize + 10).utf8)
        bytes[BinaryDetector.sampleSize + 5] = 0
        #expect(!BinaryDetector.isBinary(bytes))
    }

    @Test("PDF, gzip and UTF-16 count as binary")
    func otherFormats() {
        #expect(BinaryDetector.isBinary(Array("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".utf8)))
        #expect(BinaryDetector.isBinary([0x1F, 0x8B, 0x08, 0x00, 0x12, 0x34]))
        let utf16LE: [UInt8] = Array("hello world".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(BinaryDetector.isBinary(utf16LE))
        #expect(BinaryDetector.isBinary([0xFF, 0xFE] + utf16LE))
    }

    @Test("many control bytes make it binary")
    func controlBytes() {
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for index in stride(from: 0, to: 1000, by: 10) { bytes[index] = 0x01 }  // 10 %
        #expect(BinaryDetector.isBinary(bytes))
        var few = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        few[10] = 0x01  // 0.1 %
        #expect(!BinaryDetector.isBinary(few))
    }

    @Test("UTF-8 text with accents is text")
    func utf8Text() {
        #expect(!BinaryDetector.isBinary(Array("Grüße aus Köln — café, naïve, 日本語\r\n\tindented\u{0C}".utf8)))
    }

    @Test("Latin-1 text is text")
    func latin1Text() {
        let bytes: [UInt8] = Array("Gr".utf8) + [0xFC, 0xDF] + Array("e aus K".utf8) + [0xF6] + Array("ln, caf".utf8) + [0xE9]
        #expect(!BinaryDetector.isBinary(bytes))
    }

    @Test("empty input is text")
    func empty() {
        #expect(!BinaryDetector.isBinary([UInt8]()))
    }
}
