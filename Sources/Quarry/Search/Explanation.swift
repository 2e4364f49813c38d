import Foundation

/// How a document's score was computed: a value, what it is, and the values it was made from.
///
/// The shape of Lucene's `Explanation`: a boolean query's node is the sum of its matching clauses,
/// a BM25 leaf the product of its boost, idf and tf parts, each with the statistics it came from.
/// The root's value is the hit's score.
public struct Explanation: Sendable, Hashable {
    /// The node's value (a score, or a statistic such as a document frequency).
    public var value: Float
    /// What the value is.
    public var description: String
    /// The values this one was computed from.
    public var details: [Explanation]

    public init(value: Float, description: String, details: [Explanation] = []) {
        self.value = value
        self.description = description
        self.details = details
    }

    /// The tree as indented lines, `value = description`, two spaces more per level.
    public func formatted(indent: String = "") -> String {
        var lines: [String] = []
        appendLines(to: &lines, indent: indent)
        return lines.joined(separator: "\n")
    }

    private func appendLines(to lines: inout [String], indent: String) {
        lines.append(indent + Self.format(value) + " = " + description)
        for detail in details { detail.appendLines(to: &lines, indent: indent + "  ") }
    }

    /// A value with up to six significant digits, without trailing zeros.
    static func format(_ value: Float) -> String {
        if value == value.rounded() && abs(value) < 1e9 { return String(Int64(value)) }
        var text = String(format: "%.6g", Double(value))
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
