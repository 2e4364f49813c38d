/// UTF-8 decoding that repairs invalid input and says how much it repaired.
enum UTF8Text {
    /// Whether `bytes` are well-formed UTF-8.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }

    /// Whether `bytes` are well-formed UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// Decodes `bytes`, replacing each maximal invalid subsequence with U+FFFD.
    /// - Returns: the text and the number of replacements made.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, replacements: Int) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, 0) }
        return (String(decoding: bytes, as: UTF8.self), countInvalidSequences(bytes))
    }

    /// Decodes `bytes`, replacing each maximal invalid subsequence with U+FFFD.
    static func decode(_ bytes: [UInt8]) -> (text: String, replacements: Int) {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// The number of U+FFFD replacements a lossy decode of `bytes` makes
    /// (the standard library's "maximal subpart" policy).
    static func countInvalidSequences(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        var errors = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return errors
            case .error: errors += 1
            }
        }
    }
}
