import Testing
@testable import Quarry

/// Qrels, runs and query lists: what is accepted, and the line named for what is not.
@Suite("Evaluation: parsing TREC files")
struct EvaluationParsingTests {
    /// The error `body` throws, which must be an ``EvaluationFileError``.
    func failure(_ body: () throws -> Void) -> EvaluationFileError? {
        do {
            try body()
        } catch let error as EvaluationFileError {
            return error
        } catch {
            Issue.record("not an EvaluationFileError: \(error)")
        }
        return nil
    }

    @Test func qrelsSkipBlankLinesAndAcceptCRLFAndTabs() throws {
        let qrels = try Qrels(parsing: "1 0 a 2\r\n\r\n1\t0\tb\t0\r\n2 0 a -1\n")
        #expect(qrels.queryIDs == ["1", "2"])
        #expect(qrels.grades == ["1": ["a": 2, "b": 0], "2": ["a": -1]])
        #expect(qrels.relevantCount("1") == 1)
        #expect(qrels.relevantCount("2") == 0)
    }

    @Test func qrelsErrorsNameTheLine() {
        let fields = failure { _ = try Qrels(parsing: "1 0 a 1\n\n1 0 b\n", source: "q.txt") }
        #expect(fields?.line == 3)
        #expect(fields?.description == "q.txt:3: expected 4 fields (qid iteration docid grade), found 3")
        let grade = failure { _ = try Qrels(parsing: "1 0 a high\n") }
        #expect(grade?.line == 1)
        #expect(grade?.message.contains("\"high\" is not an integer") == true)
        let twice = failure { _ = try Qrels(parsing: "1 0 a 1\n2 0 a 1\n1 0 a 2\n") }
        #expect(twice?.line == 3)
        #expect(twice?.message == "document a of query 1 is already judged on line 1")
    }

    @Test func runKeepsFileOrderAndParsesScores() throws {
        let run = try TRECRun(parsing: "2 Q0 x 1 -1.5e2 r\n\n1 Q0 y 1 3 r\n2 Q0 z 2 7 r\n")
        #expect(run.queryIDs == ["2", "1"])
        #expect(run.entries["2"] == [.init(docID: "x", score: -150), .init(docID: "z", score: 7)])
        #expect(run.entries["1"] == [.init(docID: "y", score: 3)])
    }

    @Test func runErrorsNameTheLine() {
        let short = failure { _ = try TRECRun(parsing: "1 Q0 a 1 2.0 r\n1 Q0 b 2 1.0\n", source: "run.txt") }
        #expect(short?.description == "run.txt:2: expected 6 fields (qid Q0 docid rank score name), found 5")
        let score = failure { _ = try TRECRun(parsing: "\n\n1 Q0 a 1 high r\n") }
        #expect(score?.line == 3)
        #expect(score?.message == "the score \"high\" is not a finite number")
        #expect(failure { _ = try TRECRun(parsing: "1 Q0 a 1 nan r\n") }?.line == 1)
        #expect(failure { _ = try TRECRun(parsing: "1 Q0 a 1 inf r\n") }?.line == 1)
        let rank = failure { _ = try TRECRun(parsing: "1 Q0 a 1 1 r\n1 Q0 b first 1 r\n") }
        #expect(rank?.line == 2)
        #expect(rank?.message == "the rank \"first\" is not an integer")
    }

    /// A carriage return without its line feed (a CRLF file cut after its last `\r`) is a blank.
    @Test func strayCarriageReturnIsABlank() throws {
        #expect(try Qrels(parsing: "1 0 a 1\r\n1 0 b 2\r").grades == ["1": ["a": 1, "b": 2]])
        #expect(try TRECRun(parsing: "1 Q0 a 1 2.5 r\r").entries["1"] == [.init(docID: "a", score: 2.5)])
        #expect(try Qrels(parsing: "1 0 a 1\n\r\n \r\n").queryIDs == ["1"])
    }

    /// A byte-order mark (as some editors save files) is not part of the first query id.
    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try Qrels(parsing: "\u{FEFF}1 0 a 1\n").queryIDs == ["1"])
        #expect(try TRECRun(parsing: "\u{FEFF}7 Q0 a 1 2 r\n").queryIDs == ["7"])
        #expect(try QueryList(parsing: "\u{FEFF}q1\ttext\n").queries.map(\.id) == ["q1"])
        // Only at the very start: elsewhere it stays (and is then part of the id).
        #expect(try Qrels(parsing: "1 0 a 1\n\u{FEFF}2 0 a 1\n").queryIDs == ["1", "\u{FEFF}2"])
    }

    /// A huge field (a binary or mangled file's) is cut to 40 characters in the message.
    @Test func errorsQuoteAtMost40CharactersOfAField() {
        let long = String(repeating: "9x", count: 100_000)
        let cut = String(long.prefix(40)) + "…"
        #expect(failure { _ = try TRECRun(parsing: "1 Q0 a 1 \(long) r\n") }?.message == "the score \"\(cut)\" is not a finite number")
        #expect(failure { _ = try TRECRun(parsing: "1 Q0 a \(long) 1 r\n") }?.message == "the rank \"\(cut)\" is not an integer")
        #expect(failure { _ = try Qrels(parsing: "1 0 \(long) 1\n1 0 \(long) 1\n") }?.message == "document \(cut) of query 1 is already judged on line 1")
        #expect(failure { _ = try QueryList(parsing: "\(long) x\ttext\n") }?.message == "the query id \"\(cut)\" contains a space")
        // Up to 40 characters, the field is quoted whole.
        let forty = String(repeating: "z", count: 40)
        #expect(failure { _ = try Qrels(parsing: "1 0 a \(forty)\n") }?.message == "the grade \"\(forty)\" is not an integer")
    }

    @Test func unreadableFileNamesTheFileWithoutALine() {
        let missing = failure { _ = try TRECRun(contentsOfFile: "/nonexistent/run.txt") }
        #expect(missing?.line == nil)
        #expect(missing?.description.hasPrefix("/nonexistent/run.txt: cannot read the file") == true)
    }

    @Test func queryListKeepsTheTextAsItIs() throws {
        let list = try QueryList(parsing: "1\twhat is (a) wing?\n\n3\ttabs\tinside\r\n4\t\n")
        #expect(list.queries.map(\.id) == ["1", "3", "4"])
        #expect(list.queries.map(\.text) == ["what is (a) wing?", "tabs\tinside", ""])
        #expect(list.queries.map(\.line) == [1, 3, 4])
    }

    @Test func queryListErrorsNameTheLine() {
        let noTab = failure { _ = try QueryList(parsing: "1\tfine\n2 no tab here\n", source: "queries.tsv") }
        #expect(noTab?.description == "queries.tsv:2: expected a query id, a tab and the query text; found no tab")
        #expect(failure { _ = try QueryList(parsing: "\tno id\n") }?.message == "the query id before the tab is empty")
        #expect(failure { _ = try QueryList(parsing: "a b\ttext\n") }?.message == "the query id \"a b\" contains a space")
        let twice = failure { _ = try QueryList(parsing: "7\tone\n8\ttwo\n7\tthree\n") }
        #expect(twice?.line == 3)
        #expect(twice?.message == "query id 7 is already used on line 1")
    }
}
