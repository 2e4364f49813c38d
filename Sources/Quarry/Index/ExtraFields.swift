/// Extra text fields: JSON Lines members an index stores and searches besides its built-in
/// `text` (title and body), `title` and `id` fields.
///
/// An extra field is analyzed with the index's analyzer and has its own document lengths and
/// average length. Its number in term keys follows the built-in fields (3, 4, ...), in the order
/// the manifest lists the names.
public enum ExtraFields {
    /// The built-in fields an index of this version has, in manifest order.
    public static let builtIn = SegmentBuffer.fieldNames
    /// Names a field cannot take: the built-in fields and `body`, which queries use for the text
    /// after the title.
    public static let reserved: Set<String> = ["text", "title", "body", "id"]
    /// The most extra fields an index may have.
    public static let maxCount = 32
    /// The longest field name, in bytes.
    public static let maxNameBytes = 64

    /// Whether `name` may name an extra field: 1 to 64 ASCII letters, digits, `_` and `-`,
    /// starting with a letter (so a query's `name:` reads as a field), and not reserved.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first), name.utf8.count <= maxNameBytes else { return false }
        return !reserved.contains(name) && name.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D }
    }

    /// Throws ``QuarryError/badFields(_:)`` unless every name is valid, none repeats and there
    /// are at most ``maxCount``.
    public static func validate(_ names: [String]) throws {
        if names.count > maxCount { throw QuarryError.badFields("at most \(maxCount) extra fields, got \(names.count)") }
        var seen = Set<String>()
        for name in names {
            if !isValidName(name) {
                throw QuarryError.badFields("\"\(printable(name))\" cannot name a field: use letters, digits, '_' and '-', starting with a letter, up to \(maxNameBytes) bytes, and none of \(reserved.sorted().joined(separator: ", "))")
            }
            if !seen.insert(name).inserted { throw QuarryError.badFields("field \"\(name)\" is given twice") }
        }
    }

    /// The extra field names of a manifest's field list (empty for the built-in fields alone).
    static func names(in fields: [String]) -> [String] {
        fields.count > builtIn.count ? Array(fields[builtIn.count...]) : []
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    /// `text` with anything but printable ASCII shown as `?` (names come from users and files).
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.prefix(80).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}
