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
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .string(let s): Self.writeString(s, into: &out)
        case .int(let n): out += String(n).utf8
        case .double(let d): out += (d.isFinite ? "\(d)" : "null").utf8
        case .float(let f): out += (f.isFinite ? "\(f)" : "null").utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Writes `s` quoted, copying runs of bytes that need no escape whole: only an ASCII quote,
    /// backslash or control, DEL, or the lead byte of a C1 control (0xC2) or of a bidirectional
    /// control (0xE2) stops a run to look at its scalar.
    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            let n = bytes.count
            var i = 0, run = 0
            while i < n {
                let b = bytes[i]
                if b < 0x80 ? (b >= 0x20 && b != 0x7F && b != 0x22 && b != 0x5C) : (b != 0xC2 && b != 0xE2) {
                    i += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                // A String's bytes are valid UTF-8: 0xC2 leads 2 bytes and 0xE2 leads 3.
                let length = b < 0x80 ? 1 : b == 0xC2 ? 2 : 3
                guard i + length <= n else { run = i; break }
                let value: UInt32 = length == 1 ? UInt32(b)
                    : length == 2 ? UInt32(b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                    : UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                switch value {
                case 0x22: out += "\\\"".utf8
                case 0x5C: out += "\\\\".utf8
                case 0x0A: out += "\\n".utf8
                case 0x0D: out += "\\r".utf8
                case 0x09: out += "\\t".utf8
                default:
                    if let scalar = Unicode.Scalar(value), Self.needsEscape(scalar) {
                        let hex = String(value, radix: 16)
                        out += "\\u".utf8
                        out += String(repeating: "0", count: 4 - hex.count).utf8
                        out += hex.utf8
                    } else {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<i + length]))
                    }
                }
                i += length
                run = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<n]))
        }
        out.append(UInt8(ascii: "\""))
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
