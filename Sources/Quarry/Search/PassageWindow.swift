/// The best passage of a document found from the index's word positions alone: the window of
/// `span` consecutive positions holding the most distinct query terms, then the most occurrences,
/// then the earliest (the criterion ``SnippetBuilder`` applies to analyzed text).
struct PassageWindow: Equatable {
    /// The window's first position (a match).
    var start: UInt32
    var distinct: Int
    var matches: Int

    /// The best window among `matches` (sorted by position; `term` below `termCount`), or nil when
    /// there are none. Only windows starting at a match need trying: any window's matches are also
    /// in the one that starts at its first match. Linear in the number of matches.
    static func best(_ matches: [(position: UInt32, term: Int)], termCount: Int, span: Int) -> PassageWindow? {
        guard !matches.isEmpty else { return nil }
        var counts = [Int](repeating: 0, count: termCount)
        var distinct = 0
        var end = 0  // matches[start..<end] are inside the window
        var best: PassageWindow?
        for start in matches.indices {
            let limit = UInt64(matches[start].position) + UInt64(max(1, span))
            while end < matches.count && UInt64(matches[end].position) < limit {
                if counts[matches[end].term] == 0 { distinct += 1 }
                counts[matches[end].term] += 1
                end += 1
            }
            let inside = end - start
            if best == nil || distinct > best!.distinct || (distinct == best!.distinct && inside > best!.matches) {
                best = PassageWindow(start: matches[start].position, distinct: distinct, matches: inside)
            }
            counts[matches[start].term] -= 1
            if counts[matches[start].term] == 0 { distinct -= 1 }
        }
        return best
    }
}
