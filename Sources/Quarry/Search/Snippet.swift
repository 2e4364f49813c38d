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
/// highlighted is exactly what matched. The scan stops at the end of the chunk
/// (`scanChunkBytes`, 16 KiB) where a passage first holds every query term, or about
/// `scanBeyondMatchBytes` (48 KiB) past the best passage so far. A hit's snippet
/// (``snippet(for:in:terms:)``) picks the passage from the index's word positions instead, and
/// analyzes the body only up to it.
public struct SnippetBuilder: Sendable {
    public let analyzer: Analyzer
    public var windowTokens: Int

    public init(analyzer: Analyzer, windowTokens: Int = 32) {
        self.analyzer = analyzer
        self.windowTokens = max(1, windowTokens)
    }

    /// Text is analyzed this many bytes at a time (cut at whitespace), so that a passage holding
    /// every query term ends the scan: no better passage can follow.
    static let scanChunkBytes = 16 * 1024
    /// Once a passage holds some query terms, the scan goes on at most this far past it.
    static let scanBeyondMatchBytes = 48 * 1024

    public func snippet(for text: String, terms: Set<String>) -> Snippet {
        let bytes = Array(text.utf8)
        var tokens: [(start: Int, end: Int, term: Int)] = []  // term: index into `ordered`, -1 if not a query term
        let ordered = terms.map { Array($0.utf8) }
        // Slide a window of `windowTokens` over the tokens as they come, tracking distinct matched
        // terms and total matches.
        let w = windowTokens
        var counts = [Int](repeating: 0, count: ordered.count)
        var distinct = 0, matches = 0
        var best: (distinct: Int, matches: Int, start: Int)? = nil
        func add(_ i: Int) { let t = tokens[i].term; if t >= 0 { if counts[t] == 0 { distinct += 1 }; counts[t] += 1; matches += 1 } }
        func remove(_ i: Int) { let t = tokens[i].term; if t >= 0 { counts[t] -= 1; if counts[t] == 0 { distinct -= 1 }; matches -= 1 } }
        var offset = 0
        bytes.withUnsafeBufferPointer { buffer in
            while offset < buffer.count {
                var chunkEnd = min(buffer.count, offset + Self.scanChunkBytes)
                while chunkEnd < buffer.count && !Self.isSpace(buffer[chunkEnd]) { chunkEnd += 1 }
                let base = offset
                analyzer.analyze(UnsafeBufferPointer(rebasing: buffer[base..<chunkEnd])) { term, _, start, end in
                    var id = -1
                    for (k, candidate) in ordered.enumerated() where candidate.count == term.count && candidate.elementsEqual(term) {
                        id = k
                        break
                    }
                    tokens.append((base + start, base + end, id))
                    let i = tokens.count - 1
                    add(i)
                    if i >= w { remove(i - w) }
                    if i >= w - 1 {
                        let start = i - w + 1
                        if best == nil || distinct > best!.distinct || (distinct == best!.distinct && matches > best!.matches) {
                            best = (distinct, matches, start)
                        }
                    }
                }
                offset = chunkEnd
                if let best, best.distinct == ordered.count { break }
                // A passage with some of the terms exists: look only a little further for a better one.
                if let best, best.distinct > 0 {
                    let matchedAt = tokens[best.start].start
                    if offset - matchedAt >= Self.scanBeyondMatchBytes { break }
                }
            }
        }
        return Self.passage(bytes, tokens: tokens, from: best?.start ?? 0, window: w)
    }

    /// A token of a snippet's text: its byte range, and the index of the query term it is (-1 if none).
    typealias Token = (start: Int, end: Int, term: Int)

    /// The passage of about `w` tokens around the window that starts at token `start`: from three
    /// tokens before the window's first match (so that it has some context), with the matches
    /// marked, whitespace runs collapsed and "…" where text is left out. No tokens: the whole text.
    static func passage(_ bytes: [UInt8], tokens: [Token], from start: Int, window w: Int) -> Snippet {
        if tokens.isEmpty { return Snippet(fragments: [Snippet.Fragment(text: Self.clean(bytes[...]), isMatch: false)]) }
        let window = min(w, tokens.count)
        var first = start
        if let firstMatch = (start..<min(tokens.count, start + window)).first(where: { tokens[$0].term >= 0 }) {
            first = max(0, min(firstMatch - 3, tokens.count - window))
        }
        let last = min(tokens.count, first + window) - 1
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

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
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
