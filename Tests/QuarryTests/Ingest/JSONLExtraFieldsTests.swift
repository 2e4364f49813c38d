import Testing
@testable import Quarry

/// Extra fields in JSON Lines: strings as they are, string arrays joined with spaces, anything
/// else empty; invalid JSON in them is still rejected.
@Suite struct JSONLExtraFieldsTests {
    private func fields(_ line: String, _ names: [String] = ["author", "tags"]) throws -> [String] {
        var parser = JSONLineParser(extraFields: names)
        let bytes = Array(line.utf8)
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONLineError) -> ParsedLine in try parser.parse(buffer) }
        }
        return try result.get().fields
    }

    @Test func valuesBecomeText() throws {
        #expect(try fields(#"{"id": 1, "author": "Ann \"A\" Lee", "tags": ["x", 3, "y", null, {"z": 1}]}"#) == ["Ann \"A\" Lee", "x y"])
        #expect(try fields(#"{"id": 1, "author": 42, "tags": {"a": "b"}}"#) == ["", ""])
        #expect(try fields(#"{"id": 1, "author": null, "tags": []}"#) == ["", ""])
        #expect(try fields(#"{"id": 1}"#) == ["", ""])
        #expect(try fields(#"{"id": 1, "tags": "a", "tags": "b"}"#) == ["", "b"])  // the last value wins
        #expect(try fields(#"{"id": 1, "author": "x"}"#, []) == [])
    }

    @Test func invalidValuesAreStillRejected() {
        for line in [#"{"id": 1, "tags": ["a" "b"]}"#, #"{"id": 1, "tags": ["a",]}"#, #"{"id": 1, "tags": ["a"}"#, #"{"id": 1, "author": tru}"#] {
            #expect(throws: (any Error).self, "\(line)") { try fields(line) }
        }
    }
}
