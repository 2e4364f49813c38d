/// Parses the query language into a ``Query`` tree (no analysis happens here).
///
/// Grammar (upper-case `AND`, `OR`, `NOT` are operators; any other case is a word):
///
///     query    := or EOF
///     or       := and ( ["OR"] and )*        -- juxtaposition means OR by default
///     and      := unary ( "AND" unary )*     -- juxtaposition means AND with `--all`
///     unary    := ("+" | "-" | "NOT") unary | primary
///     primary  := [field ":"] atom ["^" number]
///     atom     := word ["*"] | '"' chars '"' ["~" digits] | "(" or ")"
///
/// `\` escapes the next character. `+x` requires x and `-x` / `NOT x` excludes it within the
/// enclosing group; AND binds tighter than OR.
struct QueryLanguageParser {
    private let chars: [Character]
    private var i = 0
    private let defaultMode: Query.Mode
    private let fields: Set<String>
    /// Open groups and prefix operators around the current position.
    private var depth = 0
    /// The deepest nesting of groups and `+`, `-`, `NOT` accepted: each level is a call frame here
    /// and in every pass over the tree, so an unbounded query could exhaust the stack.
    static let maxDepth = 100

    init(_ text: String, defaultMode: Query.Mode, fields: Set<String>) {
        chars = Array(text)
        self.defaultMode = defaultMode
        self.fields = fields
    }

    /// Parses the whole text.
    mutating func parse() throws(QuerySyntaxError) -> Query {
        skipSpace()
        if i == chars.count { throw QuerySyntaxError(column: 1, message: "the query is empty") }
        let query = try parseOr(field: nil)
        skipSpace()
        if i < chars.count {
            // Only a stray ')' can stop the top level early.
            throw QuerySyntaxError(column: i + 1, message: "unexpected ')' without a matching '('")
        }
        return query
    }

    // MARK: Levels

    private enum Occur { case should, must, mustNot }

    private mutating func parseOr(field: String?) throws(QuerySyntaxError) -> Query {
        var groups: [[(Occur, Query)]] = [try parseAnd(field: field)]
        while true {
            skipSpace()
            if atEnd || peek == ")" { break }
            if let op = peekOperator(), op == "OR" {
                let column = i + 1
                i += 2
                skipSpace()
                if atEnd || peek == ")" || peekOperator() == "OR" || peekOperator() == "AND" {
                    throw QuerySyntaxError(column: atEnd ? chars.count + 1 : i + 1,
                                           message: "expected a term after 'OR' at column \(column)")
                }
                groups.append(try parseAnd(field: field))
            } else {
                // Juxtaposition: OR by default (with AND as the default, parseAnd has taken the run already).
                groups.append(try parseAnd(field: field))
            }
        }
        // Each group is a conjunction unless it is a single clause, which joins the OR level with its occur.
        var clauses: [(Occur, Query)] = []
        for group in groups {
            if group.count == 1 { clauses.append(group[0]) } else { clauses.append((.should, Self.combine(group, plain: .must))) }
        }
        if clauses.count == 1 && clauses[0].0 == .should { return clauses[0].1 }
        return Self.combine(clauses, plain: .should)
    }

    private mutating func parseAnd(field: String?) throws(QuerySyntaxError) -> [(Occur, Query)] {
        var clauses: [(Occur, Query)] = [try parseUnary(field: field)]
        while true {
            skipSpace()
            if atEnd || peek == ")" { break }
            if peekOperator() == "AND" {
                let column = i + 1
                i += 3
                skipSpace()
                if atEnd || peek == ")" || peekOperator() == "OR" || peekOperator() == "AND" {
                    throw QuerySyntaxError(column: atEnd ? chars.count + 1 : i + 1,
                                           message: "expected a term after 'AND' at column \(column)")
                }
                var next = try parseUnary(field: field)
                if next.0 == .should { next.0 = .must }
                if clauses.count == 1 && clauses[0].0 == .should { clauses[0].0 = .must }
                clauses.append(next)
            } else if defaultMode == .all && peekOperator() != "OR" {
                var next = try parseUnary(field: field)
                if next.0 == .should { next.0 = .must }
                if clauses.count == 1 && clauses[0].0 == .should { clauses[0].0 = .must }
                clauses.append(next)
            } else {
                break
            }
        }
        return clauses
    }

    private mutating func parseUnary(field: String?) throws(QuerySyntaxError) -> (Occur, Query) {
        skipSpace()
        if atEnd { throw QuerySyntaxError(column: chars.count + 1, message: "expected a term") }
        let column = i + 1
        if peek == "+" || peek == "-" {
            let sign = peek
            i += 1
            if atEnd || peek.isWhitespace || peek == ")" {
                throw QuerySyntaxError(column: i + 1, message: "expected a term after '\(sign)' at column \(column)")
            }
            try enterLevel(at: column)
            defer { depth -= 1 }
            let (_, inner) = try parseUnary(field: field)
            return (sign == "+" ? .must : .mustNot, inner)
        }
        if peekOperator() == "NOT" {
            i += 3
            skipSpace()
            if atEnd || peek == ")" || peekOperator() != nil {
                throw QuerySyntaxError(column: atEnd ? chars.count + 1 : i + 1,
                                       message: "expected a term after 'NOT' at column \(column)")
            }
            try enterLevel(at: column)
            defer { depth -= 1 }
            let (_, inner) = try parseUnary(field: field)
            return (.mustNot, inner)
        }
        if let op = peekOperator() {
            throw QuerySyntaxError(column: column, message: "expected a term before '\(op)'")
        }
        return (.should, try parsePrimary(field: field))
    }

    private mutating func parsePrimary(field: String?) throws(QuerySyntaxError) -> Query {
        let column = i + 1
        var field = field
        if let name = peekFieldName() {
            if !fields.contains(name) {
                let known = fields.sorted().joined(separator: ", ")
                throw QuerySyntaxError(column: column, message: "unknown field '\(name)' (fields: \(known))")
            }
            i += name.count + 1
            if atEnd || peek.isWhitespace || peek == ")" {
                throw QuerySyntaxError(column: i + 1, message: "expected a word, phrase or group after '\(name):'")
            }
            field = name
        }
        var query: Query
        if peek == "(" {
            let open = i + 1
            i += 1
            skipSpace()
            if atEnd { throw QuerySyntaxError(column: chars.count + 1, message: "expected ')' to close the '(' at column \(open)") }
            if peek == ")" { throw QuerySyntaxError(column: i + 1, message: "expected a term inside the '(' at column \(open)") }
            try enterLevel(at: open)
            query = try parseOr(field: field)
            depth -= 1
            skipSpace()
            if atEnd || peek != ")" {
                throw QuerySyntaxError(column: i + 1, message: "expected ')' to close the '(' at column \(open)")
            }
            i += 1
        } else if peek == "\"" {
            let open = i + 1
            i += 1
            var text = ""
            while !atEnd && peek != "\"" {
                if peek == "\\" && i + 1 < chars.count { i += 1 }
                text.append(chars[i])
                i += 1
            }
            if atEnd { throw QuerySyntaxError(column: chars.count + 1, message: "expected '\"' to close the phrase at column \(open)") }
            i += 1
            var slop = 0
            if !atEnd && peek == "~" {
                i += 1
                guard let n = readNumber(integer: true), let s = Int(exactly: n), s <= 1000 else {
                    throw QuerySyntaxError(column: i + 1, message: "expected a whole number from 0 to 1000 after '~'")
                }
                slop = s
            }
            query = .phrase(text, field: field, slop: slop)
        } else if peek == ")" {
            throw QuerySyntaxError(column: column, message: "unexpected ')' without a matching '('")
        } else {
            var text = ""
            var isPrefix = false
            while !atEnd && !Self.endsWord(peek) {
                if peek == "\\" {
                    i += 1
                    if atEnd { throw QuerySyntaxError(column: i + 1, message: "expected a character after '\\'") }
                } else if peek == "*" && (i + 1 == chars.count || Self.endsWord(chars[i + 1])) {
                    isPrefix = true
                    i += 1
                    break
                }
                text.append(chars[i])
                i += 1
            }
            if text.isEmpty {
                throw QuerySyntaxError(column: column, message: isPrefix ? "expected letters before '*'" : "expected a term")
            }
            query = isPrefix ? .prefix(text, field: field) : .term(text, field: field)
        }
        if !atEnd && peek == "^" {
            i += 1
            guard let boost = readNumber(integer: false), boost.isFinite, boost >= 0, boost <= 1e6 else {
                throw QuerySyntaxError(column: i + 1, message: "expected a number from 0 to 1000000 after '^'")
            }
            query = .boost(query, Float(boost))
        }
        return query
    }

    // MARK: Helpers

    /// Counts one more level of nesting, refusing the query past ``maxDepth``.
    private mutating func enterLevel(at column: Int) throws(QuerySyntaxError) {
        depth += 1
        if depth > Self.maxDepth {
            throw QuerySyntaxError(column: column, message: "groups and '+', '-', 'NOT' nest more than \(Self.maxDepth) levels deep")
        }
    }

    private static func combine(_ clauses: [(Occur, Query)], plain: Occur) -> Query {
        var b = BooleanQuery()
        for (occur, query) in clauses {
            switch occur {
            case .must: b.must.append(query)
            case .mustNot: b.mustNot.append(query)
            case .should: if plain == .must { b.must.append(query) } else { b.should.append(query) }
            }
        }
        return .boolean(b)
    }

    private var atEnd: Bool { i >= chars.count }
    private var peek: Character { chars[i] }

    private mutating func skipSpace() {
        while i < chars.count && chars[i].isWhitespace { i += 1 }
    }

    private static func endsWord(_ c: Character) -> Bool {
        c.isWhitespace || c == "(" || c == ")" || c == "\"" || c == "^"
    }

    /// `AND`, `OR` or `NOT` when one stands here as a whole word.
    private func peekOperator() -> String? {
        for op in ["AND", "OR", "NOT"] {
            let n = op.count
            guard i + n <= chars.count, String(chars[i..<(i + n)]) == op else { continue }
            if i + n == chars.count || chars[i + n].isWhitespace || chars[i + n] == "(" || chars[i + n] == "\"" { return op }
        }
        return nil
    }

    /// A field name followed directly by ':' (letters, digits, '_', '-', '.'; starting with a letter).
    private func peekFieldName() -> String? {
        var j = i
        guard j < chars.count, chars[j].isLetter else { return nil }
        while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "." || chars[j] == "-") { j += 1 }
        guard j < chars.count, chars[j] == ":" else { return nil }
        return String(chars[i..<j])
    }

    private mutating func readNumber(integer: Bool) -> Double? {
        let start = i
        while i < chars.count && (chars[i].isASCII && (chars[i].isNumber || (!integer && chars[i] == "."))) { i += 1 }
        guard i > start else { return nil }
        return Double(String(chars[start..<i]))
    }
}
