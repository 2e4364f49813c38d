import Foundation
import Testing
@testable import Quarry

@Suite("JSON Lines reader")
struct JSONLReaderTests {
    /// What `sample.jsonl` holds (line 3 is malformed, line 4 is blank).
    static let expectedSample: [JSONLRecord] = [
        .document(SourceDocument(id: "a1", title: "First", body: "Plain body"), line: 1, lineBytes: 52, replacedInvalidBytes: 0),
        .document(SourceDocument(id: "42", title: "Numeric id", body: "tab\there \"quoted\" back\\slash / été 😀 end"),
                  line: 2, lineBytes: 111, replacedInvalidBytes: 0),
        .malformed(line: 3, reason: "expected ',' or '}' after a value (column 40)"),
        .document(SourceDocument(id: "c3", title: "", body: "no title"), line: 5, lineBytes: 100, replacedInvalidBytes: 0),
        .document(SourceDocument(id: "d4", title: "", body: ""), line: 6, lineBytes: 27, replacedInvalidBytes: 0),
    ]

    @Test("reads valid lines, reports the malformed one and goes on")
    func sample() throws {
        let records = try IngestTestSupport.records(JSONLReader(path: IngestTestSupport.fixture("jsonl/sample.jsonl").path))
        #expect(records == Self.expectedSample)
    }

    @Test("reads gzip-compressed files")
    func gzip() throws {
        let reader = JSONLReader(path: IngestTestSupport.fixture("jsonl/sample.jsonl.gz").path)
        #expect(reader.isCompressed)
        #expect(try IngestTestSupport.records(reader) == Self.expectedSample)
    }

    @Test("a truncated gzip file delivers what it can, then fails")
    func truncatedGzip() throws {
        let reader = JSONLReader(path: IngestTestSupport.fixture("jsonl/truncated.jsonl.gz").path)
        var records: [JSONLRecord] = []
        #expect(throws: IngestError.self) {
            try reader.forEach { records.append($0) }
        }
        #expect(records.count < Self.expectedSample.count)
        #expect(records == Array(Self.expectedSample.prefix(records.count)))
    }

    @Test("a missing file throws a readable error")
    func missingFile() {
        #expect(throws: IngestError(reason: "no such file or directory")) {
            try JSONLReader(path: "/nonexistent-quarry-path/x.jsonl").forEach { _ in }
        }
    }

    @Test("CRLF line ends, a last line without a line break, and lines longer than the read chunk")
    func lineSplitting() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            let long = String(repeating: "word ", count: 600_000)  // 3 MB, longer than one chunk
            let content = "{\"id\": \"1\", \"body\": \"a\"}\r\n{\"id\": \"2\", \"body\": \"\(long)\"}\n{\"id\": \"3\"}"
            try IngestTestSupport.write(content, to: "lines.jsonl", in: folder)
            let records = try IngestTestSupport.records(JSONLReader(path: folder.appendingPathComponent("lines.jsonl").path))
            #expect(records.count == 3)
            guard records.count == 3 else { return }
            #expect(records[0] == .document(SourceDocument(id: "1", title: "", body: "a"), line: 1, lineBytes: 24, replacedInvalidBytes: 0))
            if case .document(let document, _, _, _) = records[1] {
                #expect(document.body == long)
            } else {
                Issue.record("line 2 should be a document")
            }
            #expect(records[2] == .document(SourceDocument(id: "3", title: "", body: ""), line: 3, lineBytes: 11, replacedInvalidBytes: 0))
        }
    }

    @Test("a line over the limit is reported and the next line is still read")
    func tooLongLine() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            let long = "{\"id\": \"big\", \"body\": \"\(String(repeating: "x", count: 5000))\"}"
            try IngestTestSupport.write("\(long)\n{\"id\": \"small\"}\n\(long)", to: "l.jsonl", in: folder)
            let reader = JSONLReader(path: folder.appendingPathComponent("l.jsonl").path, maxLineBytes: 1000)
            let records = try IngestTestSupport.records(reader)
            #expect(records == [
                .malformed(line: 1, reason: "line too long (5025 bytes, limit 1000)"),
                .document(SourceDocument(id: "small", title: "", body: ""), line: 2, lineBytes: 15, replacedInvalidBytes: 0),
                .malformed(line: 3, reason: "line too long (5025 bytes, limit 1000)"),
            ])
        }
    }

    @Test("many lines stream through with constant state")
    func manyLines() throws {
        try IngestTestSupport.withTemporaryFolder { folder in
            var content = ""
            for index in 0..<20_000 { content += "{\"id\": \(index), \"title\": \"t\(index)\", \"body\": \"b é \\u00e9\"}\n" }
            try IngestTestSupport.write(content, to: "many.jsonl", in: folder)
            var count = 0
            var lastID = ""
            try JSONLReader(path: folder.appendingPathComponent("many.jsonl").path).forEach { record in
                guard case .document(let document, let line, _, _) = record else { return }
                #expect(document.id == String(line - 1))
                #expect(document.body == "b é é")
                count += 1
                lastID = document.id
            }
            #expect(count == 20_000)
            #expect(lastID == "19999")
        }
    }
}
