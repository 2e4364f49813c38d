import Quarry

/// A JSON value whose objects keep their keys in the order given, written as compact text.
///
/// `JSONEncoder` promises no key order, so reports whose order is part of the output format are
/// built with this instead.
public indirect enum OrderedJSON: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case float(Float)
    case bool(Bool)
    case null
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    /// The value as one line of JSON. Strings escape quotes, backslashes, C0 and C1 controls, DEL
    /// and the bidirectional controls (so the text is safe to print on a terminal).
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .string(let s): Self.writeString(s, into: &out)
        case .int(let n): out += String(n)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .float(let f): out += f.isFinite ? "\(f)" : "null"
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Self.needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Whether `scalar` is written as a `\uXXXX` escape: C0 and C1 controls, DEL, and the
    /// bidirectional overrides and isolates (the characters the command line never prints raw).
    @inline(__always)
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }
}

extension OrderedJSON {
    /// An explanation as `{"value": …, "description": …, "details": […]}`.
    public init(_ explanation: Explanation) {
        self = .object([
            ("value", .float(explanation.value)),
            ("description", .string(explanation.description)),
            ("details", .array(explanation.details.map(OrderedJSON.init))),
        ])
    }
}
