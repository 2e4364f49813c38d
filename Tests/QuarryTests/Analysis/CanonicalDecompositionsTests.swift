import Foundation
import Testing
@testable import Quarry

/// `CanonicalDecompositions.data` must be exactly Foundation's NFD for the scalars it covers.
@Suite struct CanonicalDecompositionsTests {
    /// Blocks the data leaves out: ideographs (unified and compatibility), Yi, Hangul, Tangut, planes 2–3.
    static func isLeftOut(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x80, 0x3400...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7FF, 0xF900...0xFAFF, 0x1_7000...0x1_8CFF,
             0x2_0000...0x3_FFFF:
            true
        default:
            false
        }
    }

    /// The data as it should be, in the same layout: scalar, count, scalars.
    static func expectedData() -> [UInt32] {
        var data: [UInt32] = []
        for value in UInt32(0x80)...0x3_FFFF where !isLeftOut(value) {
            guard let scalar = Unicode.Scalar(value), ScalarRules.role(of: scalar) != .separator else { continue }
            let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
            if decomposed != [value] { data += [value, UInt32(decomposed.count)] + decomposed }
        }
        return data
    }

    @Test func dataMatchesFoundation() {
        let expected = Self.expectedData()
        let source = expected.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ", ")
        #expect(CanonicalDecompositions.data == expected, "regenerate the data; expected: [\(source)]")
    }

    @Test func examples() {
        let data = CanonicalDecompositions.data
        var table: [UInt32: [UInt32]] = [:]
        var i = 0
        while i < data.count {
            table[data[i]] = Array(data[i + 2 ..< i + 2 + Int(data[i + 1])])
            i += 2 + Int(data[i + 1])
        }
        #expect(table[0xE9] == [0x65, 0x301])               // é
        #expect(table[0x1EA5] == [0x61, 0x302, 0x301])      // ấ
        #expect(table[0x419] == [0x418, 0x306])             // Й
        #expect(table[0xAC00] == nil)                       // 가 stays precomposed
        #expect(table[0x142] == nil)                        // ł has no decomposition
    }
}
