import Testing
@testable import Quarry

/// Every construct of the query language, and every error with its column.
@Suite struct QueryLanguageTests {
    let parser = QueryParser(analyzer: Analyzer(), fields: ["title", "body", "id", "text"])

    func parse(_ text: String, _ mode: Query.Mode = .any) throws -> Query { try parser.parse(text, mode: mode) }

    @Test func constructs() throws {
        #expect(try parse("python") == .term("python"))
        #expect(try parse("python string") == .boolean(should: [.term("python"), .term("string")]))
        #expect(try parse("python string", .all) == .boolean(must: [.term("python"), .term("string")]))
        #expect(try parse("\"string format\"") == .phrase("string format"))
        #expect(try parse("\"string format\"~3") == .phrase("string format", slop: 3))
        #expect(try parse("+python string") == .boolean(must: [.term("python")], should: [.term("string")]))
        #expect(try parse("python -java") == .boolean(should: [.term("python")], mustNot: [.term("java")]))
        #expect(try parse("python NOT java") == .boolean(should: [.term("python")], mustNot: [.term("java")]))
        #expect(try parse("python AND NOT java") == .boolean(must: [.term("python")], mustNot: [.term("java")]))
        #expect(try parse("a AND b") == .boolean(must: [.term("a"), .term("b")]))
        #expect(try parse("a OR b") == .boolean(should: [.term("a"), .term("b")]))
        // AND binds tighter than OR.
        #expect(try parse("a AND b OR c") == .boolean(should: [.boolean(must: [.term("a"), .term("b")]), .term("c")]))
        #expect(try parse("a OR b AND c") == .boolean(should: [.term("a"), .boolean(must: [.term("b"), .term("c")])]))
        #expect(try parse("(a OR b) AND c") == .boolean(must: [.boolean(should: [.term("a"), .term("b")]), .term("c")]))
        // With AND as the default, OR still splits.
        #expect(try parse("a b OR c", .all) == .boolean(should: [.boolean(must: [.term("a"), .term("b")]), .term("c")]))
        // Lower-case operators are words.
        #expect(try parse("cats and dogs") == .boolean(should: [.term("cats"), .term("and"), .term("dogs")]))
        #expect(try parse("title:python") == .term("python", field: "title"))
        #expect(try parse("title:\"string format\"") == .phrase("string format", field: "title"))
        #expect(try parse("title:(a OR b)") == .boolean(should: [.term("a", field: "title"), .term("b", field: "title")]))
        #expect(try parse("id:\"python-docs/howto/curses.html\"") == .phrase("python-docs/howto/curses.html", field: "id"))
        #expect(try parse("pyth*") == .prefix("pyth"))
        #expect(try parse("title:pyth*") == .prefix("pyth", field: "title"))
        #expect(try parse("python^2") == .boost(.term("python"), 2))
        #expect(try parse("(a b)^0.5") == .boost(.boolean(should: [.term("a"), .term("b")]), 0.5))
        #expect(try parse("\"a b\"~2^3") == .boost(.phrase("a b", slop: 2), 3))
        #expect(try parse("a\\:b") == .term("a:b"))
        #expect(try parse("\\(x\\)") == .term("(x)"))
        #expect(try parse("\\-x") == .term("-x"))
        #expect(try parse("\\AND") == .term("AND"))
        #expect(try parse("\"say \\\"hi\\\"\"") == .phrase("say \"hi\""))
        #expect(try parse("C++") == .term("C++"))
        #expect(try parse("well-known") == .term("well-known"))
        #expect(try parse("-a") == .boolean(mustNot: [.term("a")]))
        #expect(try parse("what? (e.g., this)") == .boolean(should: [.term("what?"), .boolean(should: [.term("e.g.,"), .term("this")])]))
    }

    @Test(arguments: [
        ("(a OR b", "column 8: expected ')' to close the '(' at column 1"),
        ("a (b", "column 5: expected ')' to close the '(' at column 3"),
        ("\"open phrase", "column 13: expected '\"' to close the phrase at column 1"),
        ("a AND", "column 6: expected a term after 'AND' at column 3"),
        ("a OR", "column 5: expected a term after 'OR' at column 3"),
        ("a AND OR b", "column 7: expected a term after 'AND' at column 3"),
        ("AND a", "column 1: expected a term before 'AND'"),
        ("NOT", "column 4: expected a term after 'NOT' at column 1"),
        ("title:", "column 7: expected a word, phrase or group after 'title:'"),
        ("title: x", "column 7: expected a word, phrase or group after 'title:'"),
        ("author:x", "column 1: unknown field 'author' (fields: body, id, text, title)"),
        ("a)", "column 2: unexpected ')' without a matching '('"),
        ("()", "column 2: expected a term inside the '(' at column 1"),
        ("a^", "column 3: expected a number from 0 to 1000000 after '^'"),
        ("a^x", "column 3: expected a number from 0 to 1000000 after '^'"),
        ("\"a b\"~", "column 7: expected a whole number from 0 to 1000 after '~'"),
        ("\"a b\"~5000", "column 11: expected a whole number from 0 to 1000 after '~'"),
        ("a +", "column 4: expected a term after '+' at column 3"),
        ("a\\", "column 3: expected a character after '\\'"),
        ("*", "column 1: expected letters before '*'"),
    ])
    func errors(text: String, message: String) {
        do {
            _ = try parse(text)
            Issue.record("\(text) parsed")
        } catch let error as QuerySyntaxError {
            #expect(error.description == message, "\(text)")
        } catch {
            Issue.record("\(text): \(error)")
        }
    }

    /// Each nesting level is a call frame in the parser and in every pass over the tree, so a
    /// query of 30,000 parentheses once overflowed the stack (a crash, in the server too).
    @Test func nestingIsBoundedWithAClearError() throws {
        let limit = QueryLanguageParser.maxDepth
        func nested(_ levels: Int) -> String { String(repeating: "(", count: levels) + "a" + String(repeating: ")", count: levels) }
        _ = try parse(nested(limit))
        _ = try parse(String(repeating: "-", count: limit) + "a")
        _ = try parse(String(repeating: "NOT -", count: limit / 2) + "a")
        let cases = [
            (nested(limit + 1), "column \(limit + 1): groups and '+', '-', 'NOT' nest more than \(limit) levels deep"),
            (nested(30_000), "column \(limit + 1): groups and '+', '-', 'NOT' nest more than \(limit) levels deep"),
            (String(repeating: "+-", count: 20_000) + "a", "column \(limit + 1): groups and '+', '-', 'NOT' nest more than \(limit) levels deep"),
            (String(repeating: "NOT -", count: 5_000) + "a", "column \(5 * (limit / 2) + 1): groups and '+', '-', 'NOT' nest more than \(limit) levels deep"),
        ]
        for (text, message) in cases {
            do {
                _ = try parse(text)
                Issue.record("\(text.prefix(20))… parsed")
            } catch let error as QuerySyntaxError {
                #expect(error.description == message)
            }
        }
    }

    @Test func emptyQueriesAreBadQueries() {
        for text in ["", "   "] {
            #expect(throws: QuarryError.self) { try parse(text) }
        }
    }
}
