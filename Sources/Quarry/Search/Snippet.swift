/// A short passage of a document with the query's terms marked, for showing a hit.
public struct Snippet: Sendable, Hashable {
    /// A run of text that is (or is not) a query term.
    public struct Fragment: Sendable, Hashable {
        public var text: String
        public var isMatch: Bool
    }

    public var fragments: [Fragment]

    /// The passage as plain text.
    public var text: String { fragments.map(\.text).joined() }

    /// The passage with matches wrapped in `open` and `close` (e.g. ANSI colour codes or `**`).
    public func highlighted(open: String, close: String) -> String {
        fragments.map { $0.isMatch ? open + $0.text + close : $0.text }.joined()
    }
}

/// Picks the passage of about `windowTokens` words holding the most distinct query terms
/// (then the most occurrences, then the earliest), using the index's analyzer so that what is
/// highlighted is exactly what matched.
public struct SnippetBuilder: Sendable {
    public let analyzer: Analyzer
    public var windowTokens: Int

    public init(analyzer: Analyzer, windowTokens: Int = 32) {
        self.analyzer = analyzer
        self.windowTokens = max(1, windowTokens)
    }

    public func snippet(for text: String, terms: Set<String>) -> Snippet {
        let bytes = Array(text.utf8)
        var tokens: [(start: Int, end: Int, term: Int)] = []  // term: index into `ordered`, -1 if not a query term
        let ordered = Array(terms)
        var lookup: [String: Int] = [:]
        for (i, t) in ordered.enumerated() { lookup[t] = i }
        _ = bytes.withUnsafeBufferPointer { buffer in
            analyzer.analyze(buffer) { term, _, start, end in
                let id = lookup[String(decoding: term, as: UTF8.self)] ?? -1
                tokens.append((start, end, id))
            }
        }
        if tokens.isEmpty { return Snippet(fragments: [Snippet.Fragment(text: Self.clean(bytes[...]), isMatch: false)]) }

        // Slide a window over the tokens, tracking distinct matched terms and total matches.
        let w = min(windowTokens, tokens.count)
        var counts = [Int](repeating: 0, count: ordered.count)
        var distinct = 0, matches = 0
        func add(_ i: Int) { let t = tokens[i].term; if t >= 0 { if counts[t] == 0 { distinct += 1 }; counts[t] += 1; matches += 1 } }
        func remove(_ i: Int) { let t = tokens[i].term; if t >= 0 { counts[t] -= 1; if counts[t] == 0 { distinct -= 1 }; matches -= 1 } }
        for i in 0..<w { add(i) }
        var best = (distinct: distinct, matches: matches, start: 0)
        if tokens.count > w {
            for start in 1...(tokens.count - w) {
                remove(start - 1)
                add(start + w - 1)
                if distinct > best.distinct || (distinct == best.distinct && matches > best.matches) {
                    best = (distinct, matches, start)
                }
            }
        }
        // Start a couple of words before the first match so it has some context.
        var first = best.start
        if let firstMatch = (best.start..<best.start + w).first(where: { tokens[$0].term >= 0 }) {
            first = max(0, min(firstMatch - 3, tokens.count - w))
        }
        let last = min(tokens.count, first + w) - 1

        var fragments: [Snippet.Fragment] = []
        if first > 0 { fragments.append(Snippet.Fragment(text: "… ", isMatch: false)) }
        var cursor = tokens[first].start
        for i in first...last where tokens[i].term >= 0 {
            if tokens[i].start > cursor {
                fragments.append(Snippet.Fragment(text: Self.clean(bytes[cursor..<tokens[i].start]), isMatch: false))
            }
            fragments.append(Snippet.Fragment(text: String(decoding: bytes[tokens[i].start..<tokens[i].end], as: UTF8.self), isMatch: true))
            cursor = tokens[i].end
        }
        var tailEnd = tokens[last].end
        // Keep closing punctuation right after the last word.
        while tailEnd < bytes.count && tailEnd - tokens[last].end < 2 && [UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ")"), UInt8(ascii: "!"), UInt8(ascii: "?")].contains(bytes[tailEnd]) { tailEnd += 1 }
        if tailEnd > cursor { fragments.append(Snippet.Fragment(text: Self.clean(bytes[cursor..<tailEnd]), isMatch: false)) }
        if last < tokens.count - 1 { fragments.append(Snippet.Fragment(text: " …", isMatch: false)) }
        return Snippet(fragments: fragments)
    }

    /// Collapses whitespace runs (including newlines) to one space.
    static func clean(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var space = false
        for b in bytes {
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C {
                space = true
            } else {
                if space { out.append(0x20); space = false }
                out.append(b)
            }
        }
        if space { out.append(0x20) }
        return String(decoding: out, as: UTF8.self)
    }
}
