extension Searcher {
    /// The word positions in the text field (title, newline, body) of global document `doc` at
    /// which each of `terms` (analyzed terms, as UTF-8) occurs, read from the index's positions:
    /// `(position, term)` pairs sorted by position, `term` an index into `terms`. Terms the
    /// document does not contain add nothing.
    ///
    /// This costs a dictionary lookup and a postings seek per term, however long the document is:
    /// it tells a snippet where the matches are without analyzing the stored text.
    public func textPositions(doc: Int, terms: [[UInt8]]) throws -> [(position: UInt32, term: Int)] {
        guard doc >= 0 && doc < reader.documentCount else { throw QuarryError.badQuery("no document \(doc)") }
        let (segmentIndex, local) = reader.locate(UInt32(doc))
        let segment = reader.segments[segmentIndex]
        var found: [(position: UInt32, term: Int)] = []
        var scratch: [UInt32] = []
        for (k, term) in terms.enumerated() {
            guard let info = try segment.termInfo(field: SegmentBuffer.textField, term: term) else { continue }
            let cursor = try segment.cursor(for: info)
            guard cursor.advance(to: UInt32(local)) == UInt32(local) else {
                if cursor.corrupt { throw QuarryError.corruptIndex("\(segment.info.name).postings: the postings of a highlighted term fail their checks") }
                continue
            }
            let count = cursor.positions(into: &scratch)
            for i in 0..<count { found.append((scratch[i], k)) }
        }
        found.sort { $0.position < $1.position || ($0.position == $1.position && $0.term < $1.term) }
        return found
    }
}
