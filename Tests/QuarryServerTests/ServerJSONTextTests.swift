import Testing
import QuarryJSON

/// `OrderedJSON.text`, which writes every answer of the server and of `--json`: strings escape
/// exactly the characters the reference below escapes, whatever surrounds them.
@Suite struct ServerJSONTextTests {
    /// The escaping rule written scalar by scalar, as the writer's byte runs must match it.
    private static func reference(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if OrderedJSON.needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test func stringsEscapeAsTheReference() {
        let pieces = ["plain", "", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "é",
                      "\u{202A}", "\u{202E}", "\u{2029}", "\u{202F}", "\u{2066}", "\u{2069}", "\u{2065}", "\u{206A}", "—", "€",
                      "日本", "😀", "e\u{301}", "\u{FEFF}"]
        var rng = SystemRandomNumberGenerator()
        var cases = pieces
        for a in pieces { for b in pieces { cases.append(a + b); cases.append(a + "x" + b + "y") } }
        for _ in 0..<500 { cases.append((0..<8).map { _ in pieces.randomElement(using: &rng)! }.joined()) }
        for s in cases {
            #expect(OrderedJSON.string(s).text == Self.reference(s), "\(Array(s.unicodeScalars.map(\.value)))")
        }
    }

    @Test func nestedValues() {
        let value = OrderedJSON.object([("a", .array([.int(-3), .bool(true), .null, .double(1.5)])), ("b\"", .string("x\ny")),
                                        ("c", .object([])), ("d", .array([]))])
        #expect(value.text == #"{"a":[-3,true,null,1.5],"b\"":"x\ny","c":{},"d":[]}"#)
    }
}
