import Testing
@testable import Quarry

/// The packed tables must hold exactly what `ScalarRules` says, for every scalar.
@Suite struct CharacterTableTests {
    @Test(arguments: [(true, true), (false, true), (true, false)])
    func everyScalarHasItsRole(normalize: Bool, cjkBigrams: Bool) {
        let table = CharacterTable.shared(lowercase: normalize, foldDiacritics: normalize, cjkBigrams: cjkBigrams)
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var expected = ScalarRules.role(of: scalar)
            if cjkBigrams && expected == .starter && ScalarRules.isBigramScript(value) { expected = .bigram }
            if table.entry(value).role != expected { mismatches.append(value) }
        }
        let count = mismatches.count
        #expect(count == 0, "first mismatches: \(mismatches.prefix(10))")
        #expect(table.entry(CharacterTable.invalidScalar).role == .separator)
        #expect(table.entry(0x5317).role == (cjkBigrams ? .bigram : .starter))  // 北
        #expect(table.entry(0xAC00).role == (cjkBigrams ? .bigram : .starter))  // 가
        #expect(table.entry(0x3099).role == .continuer)                          // combining voiced mark
    }

    @Test func asciiTable() {
        let table = CharacterTable.shared(lowercase: true, foldDiacritics: true)
        #expect(table.bytes[Int(UInt8(ascii: "A"))] == UInt8(ascii: "a"))
        #expect(table.bytes[Int(UInt8(ascii: "z"))] == UInt8(ascii: "z"))
        #expect(table.bytes[Int(UInt8(ascii: "7"))] == UInt8(ascii: "7"))
        #expect(table.bytes[Int(UInt8(ascii: "_"))] == CharacterTable.asciiSeparator)
        #expect(table.bytes[0] == CharacterTable.asciiSeparator)
        #expect(table.bytes[0xC3] == CharacterTable.asciiNonASCII)
        let verbatim = CharacterTable.shared(lowercase: false, foldDiacritics: false)
        #expect(verbatim.bytes[Int(UInt8(ascii: "A"))] == UInt8(ascii: "A"))
    }

    @Test func decoderAgreesWithTheStandardLibraryOnEveryScalar() {
        var bytes = [UInt8](repeating: 0, count: 4)
        for value in UInt32(0x80)...0x10_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let encoded = Array(String(scalar).utf8)
            bytes.replaceSubrange(0..<bytes.count, with: encoded + [UInt8](repeating: 0, count: 4 - encoded.count))
            let decoded = bytes.withUnsafeBufferPointer { UTF8Scalar.decode($0.baseAddress!, 0, encoded.count) }
            if decoded.value != value || decoded.length != encoded.count {
                Issue.record("U+\(String(value, radix: 16)) decoded as \(decoded)")
                return
            }
        }
    }

    @Test func decoderRejectsMalformedSequences() {
        let malformed: [[UInt8]] = [
            [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC3], [0xC3, 0x28], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xE2, 0x82], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xF0, 0x9F, 0x98],
        ]
        for sequence in malformed {
            let decoded = sequence.withUnsafeBufferPointer { UTF8Scalar.decode($0.baseAddress!, 0, sequence.count) }
            #expect(decoded.value == CharacterTable.invalidScalar && decoded.length == 1, "\(sequence)")
        }
    }
}
