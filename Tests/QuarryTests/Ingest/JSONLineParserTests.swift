import Testing
@testable import Quarry

@Suite("JSON line parser")
struct JSONLineParserTests {
    private func parse(_ line: String) throws(JSONLineError) -> ParsedLine {
        try parse(Array(line.utf8))
    }

    private func parse(_ bytes: [UInt8]) throws(JSONLineError) -> ParsedLine {
        var parser = JSONLineParser()
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONLineError) -> ParsedLine in try parser.parse(buffer) }
        }
        return try result.get()
    }

    private func reason(_ line: String) -> String? {
        do {
            _ = try parse(line)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("reads id, title and body")
    func basic() throws {
        let line = try parse(#"  {"id":"x1" , "title" : "T", "body": "B"}  "#)
        #expect(line == ParsedLine(id: "x1", title: "T", body: "B", replacements: 0))
    }

    @Test("numeric ids keep their text")
    func numericID() throws {
        #expect(try parse(#"{"id": 42}"#).id == "42")
        #expect(try parse(#"{"id": -7.5e3, "body": "b"}"#).id == "-7.5e3")
    }

    @Test("missing title and body are empty; null counts as missing")
    func missingFields() throws {
        let line = try parse(#"{"id": "a", "title": null}"#)
        #expect(line.title == "")
        #expect(line.body == "")
    }

    @Test("all escapes decode, including surrogate pairs")
    func escapes() throws {
        let line = try parse(#"{"id": "e", "body": "q\" b\\ s\/ \b\f\n\r\t \u00e9\u00C9 \ud83d\ude00 \u65E5"}"#)
        #expect(line.body == "q\" b\\ s/ \u{08}\u{0C}\n\r\t éÉ 😀 日")
        #expect(line.replacements == 0)
    }

    @Test("escaped keys are recognised")
    func escapedKey() throws {
        #expect(try parse(#"{"\u0069d": "k", "b\u006Fdy": "v"}"#) == ParsedLine(id: "k", title: "", body: "v", replacements: 0))
    }

    @Test("unpaired surrogates and invalid UTF-8 become U+FFFD and are counted")
    func replacements() throws {
        let lone = try parse(#"{"id": "s", "body": "a\ud83d b\ude00 c\ud83d\u0041"}"#)
        #expect(lone.body == "a\u{FFFD} b\u{FFFD} c\u{FFFD}A")
        #expect(lone.replacements == 3)

        let raw: [UInt8] = Array(#"{"id": "r", "title": "x"#.utf8) + [0xFF] + Array(#"", "body": "ok"}"#.utf8)
        let invalid = try parse(raw)
        #expect(invalid.title == "x\u{FFFD}")
        #expect(invalid.replacements == 1)
    }

    @Test("unknown keys with nested values are skipped")
    func unknownKeys() throws {
        let line = try parse(#"{"meta": {"a": [1, {"b": "}"}], "c": "\"]"}, "id": "n", "tags": [], "x": true, "y": false, "z": null, "body": "b"}"#)
        #expect(line == ParsedLine(id: "n", title: "", body: "b", replacements: 0))
    }

    @Test("the last of repeated keys wins")
    func repeatedKey() throws {
        #expect(try parse(#"{"id": "1", "id": "2"}"#).id == "2")
    }

    @Test("malformed lines are rejected with a clear reason", arguments: [
        (#"["id", 1]"#, "expected '{' at the start of the line"),
        (#"{"id": "a" "body": "b"}"#, "expected ',' or '}' after a value"),
        (#"{"id" "a"}"#, "expected ':' after the key"),
        (#"{id: "a"}"#, "expected a string key"),
        (#"{"id": "a", }"#, "expected a string key"),
        (#"{"id": "a""#, "unterminated object"),
        (#"{"id": "abc"#, "unterminated string"),
        (#"{"id": "a"} x"#, "unexpected characters after the object"),
        (#"{"id": "a", "body": "\x"}"#, "invalid escape sequence"),
        (#"{"id": "a", "body": "\u12G4"}"#, "invalid hex digit in \\u escape"),
        (#"{"id": "a", "body": "\u12"}"#, "invalid hex digit in \\u escape"),
        (#"{"id": true}"#, "\"id\" must be a string or a number"),
        (#"{"id": "a", "body": 5}"#, "\"body\" must be a string or null"),
        (#"{"id": "a", "title": ["t"]}"#, "\"title\" must be a string or null"),
        (#"{"id": 01}"#, "invalid number"),
        (#"{"id": 1.}"#, "invalid number"),
        (#"{"id": -}"#, "invalid number"),
        (#"{"id": "a", "x": tru}"#, "invalid literal (expected true)"),
        (#"{"id": "a", "x": [1 2]}"#, "expected ',' or ']' after a value"),
        (#"{"id": "a", "x": {"k" 1}}"#, "expected ':' after the key"),
        (#"{"title": "no id"}"#, "missing \"id\""),
        (#"{"id": ""}"#, "empty \"id\""),
    ])
    func malformed(line: String, expected: String) {
        #expect(reason(line) == expected)
    }

    @Test("raw control characters inside strings are rejected")
    func controlCharacter() {
        #expect(reason("{\"id\": \"a\tb\"}") == "unescaped control character in a string")
    }

    @Test("too deep nesting is rejected, not crashed on")
    func deepNesting() {
        let deep = #"{"id": "a", "x": "# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        #expect(reason(deep) == "nesting too deep")
    }

    @Test("errors say where the problem is")
    func column() {
        do {
            _ = try parse(#"{"id": "a" "body": "b"}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.column == 12)
            #expect(error.description == "expected ',' or '}' after a value (column 12)")
        }
    }
}
