import Testing
@testable import Quarry

@Suite("JSON string scanner")
struct JSONStringScannerTests {
    private func naive(_ bytes: [UInt8], from start: Int) -> Int {
        bytes[start...].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } ?? bytes.count
    }

    private func scan(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { JSONStringScanner.firstSpecialByte(in: $0, from: start) }
    }

    @Test("finds every byte value at every position like a byte-by-byte scan")
    func exhaustive() {
        for filler: UInt8 in [0x61, 0x80, 0xA2, 0xDC, 0xFF, 0x21, 0x5D] {
            for value in 0...255 {
                for position in 0..<19 {
                    var bytes = [UInt8](repeating: filler, count: 19)
                    bytes[position] = UInt8(value)
                    for start in [0, 3] where start <= position || start == 3 {
                        #expect(scan(bytes, from: start) == naive(bytes, from: start))
                    }
                }
            }
        }
    }

    @Test("agrees with a byte-by-byte scan on random data")
    func random() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let count = Int.random(in: 0..<64, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0x1C...0xFF, using: &generator) }
            let start = count == 0 ? 0 : Int.random(in: 0...count, using: &generator)
            #expect(scan(bytes, from: start) == naive(bytes, from: start))
        }
    }
}
