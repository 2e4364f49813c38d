/// Decides whether a file's content is binary (and so not worth indexing as text).
public enum BinaryDetector {
    /// How many leading bytes are examined.
    public static let sampleSize = 8 * 1024

    /// Control bytes (other than tab, line feed, carriage return, form feed and escape) may make
    /// up at most this fraction of the sample; random binary data has about 10 %.
    static let maxControlFraction = 0.05

    /// Well-known binary signatures that may otherwise look textual near the start.
    private static let signatures: [[UInt8]] = [
        Array("%PDF-".utf8),
        [0x89, 0x50, 0x4E, 0x47],  // PNG
        [0x7F, 0x45, 0x4C, 0x46],  // ELF
        [0x1F, 0x8B],  // gzip
        [0x50, 0x4B, 0x03, 0x04],  // zip and zip-based documents
        [0xFF, 0xFE],  // UTF-16/32 little-endian byte-order mark
        [0xFE, 0xFF],  // UTF-16 big-endian byte-order mark
        [0x00, 0x00, 0xFE, 0xFF],  // UTF-32 big-endian byte-order mark
        Array("GIF8".utf8),
        [0xFF, 0xD8, 0xFF],  // JPEG
    ]

    /// Whether `bytes` (only the first ``sampleSize`` are looked at) are binary: they start with
    /// a known binary signature, contain a NUL byte, or have too many control bytes.
    /// UTF-16 text counts as binary here (``DocumentSource`` converts it to UTF-8 before asking);
    /// UTF-8 and single-byte encodings such as Latin-1 do not.
    public static func isBinary(_ bytes: some Collection<UInt8>) -> Bool {
        let sample = bytes.prefix(sampleSize)
        for signature in signatures where sample.starts(with: signature) { return true }
        var controlCount = 0
        for byte in sample {
            if byte == 0 { return true }
            if isSuspiciousControl(byte) { controlCount += 1 }
        }
        return Double(controlCount) > Double(sample.count) * maxControlFraction
    }

    private static func isSuspiciousControl(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x1B: false  // \t \n \f \r and ESC (coloured logs)
        case 0x00..<0x20, 0x7F: true
        default: false
        }
    }
}
