/// Explains one document's score: walks an ``AnalyzedQuery`` beside the matcher tree
/// ``MatcherBuilder`` built from it, both positioned on the document, and reads each node's value
/// from its matcher (so the explanation is the score the search computes, not a second formula).
struct MatchExplainer {
    let resolved: Searcher.Resolved
    /// The segment's scoring context (every field's norms).
    let scoring: SegmentScoring
    let fieldNames: [String]
    /// Per field, the document lengths its norms were made from.
    let lengths: [UnsafeBufferPointer<UInt32>]
    /// The document, local to the segment.
    let doc: UInt32

    /// The explanation of `query` on the document, or nil when it does not match there.
    /// `matcher` must have been built from `query` and positioned with `advance(to: doc)`.
    func explain(_ query: AnalyzedQuery, _ matcher: ClauseMatcher) -> Explanation? {
        guard matcher.doc == doc else { return nil }
        switch query {
        case .nothing:
            return nil
        case .term(let key, let boost):
            guard let term = matcher as? TermMatcher else { return nil }
            let idf = idfDetail(of: key, label: "idf")
            return bm25Leaf(value: term.score(scoring), description: "\(fieldName(key[0])):\(text(key.dropFirst()))",
                            field: key[0], boost: boost, idf: idf, freq: term.cursor.freq, freqLabel: "occurrences of the term in the field")
        case .phrase(let field, let words, let slop, let boost):
            let freq: UInt32
            if let exact = matcher as? PhraseMatcher { freq = exact.phraseFreq }
            else if let sloppy = matcher as? SloppyPhraseMatcher { freq = sloppy.phraseFreq }
            else { return nil }
            let parts = words.map { idfDetail(of: [field] + $0.term, label: "idf of \(text($0.term[...]))") }
            // Summed in the builder's order, so the value is the one the matcher's weight holds.
            let idf = Explanation(value: parts.reduce(0) { $0 + $1.value }, description: "idf, sum of the words' idfs:", details: parts)
            let phrase = "\"" + words.map { text($0.term[...]) }.joined(separator: " ") + "\"" + (slop > 0 ? "~\(slop)" : "")
            return bm25Leaf(value: matcher.score(scoring), description: "\(fieldName(field)):\(phrase)", field: field,
                            boost: boost, idf: idf, freq: freq, freqLabel: slop > 0 ? "phrase frequency (matches within the slop)" : "phrase frequency")
        case .prefix(let field, let prefix, _):
            return Explanation(value: matcher.score(scoring),
                               description: "\(fieldName(field)):\(text(prefix[...]))*, constant score (the query's boost)")
        case .bodyTerm(let term, let boost):
            guard let body = matcher as? BodyTermMatcher else { return nil }
            return bodyLeaf(value: body.score(scoring), description: "body:\(text(term[...]))", boost: boost,
                            idf: idfDetail(of: BodyField.statisticsKey(of: term), label: "idf"), freq: body.postings.freq,
                            freqLabel: "occurrences in the body (text − title)")
        case .bodyPhrase(let words, let slop, let boost):
            guard let phrase = matcher as? BodyPhraseMatcher else { return nil }
            let parts = words.map { idfDetail(of: BodyField.statisticsKey(of: $0.term), label: "idf of \(text($0.term[...]))") }
            let idf = Explanation(value: parts.reduce(0) { $0 + $1.value }, description: "idf, sum of the words' idfs:", details: parts)
            let shown = "\"" + words.map { text($0.term[...]) }.joined(separator: " ") + "\"" + (slop > 0 ? "~\(slop)" : "")
            return bodyLeaf(value: phrase.score(scoring), description: "body:\(shown)", boost: boost, idf: idf,
                            freq: phrase.phraseFreq, freqLabel: "phrase frequency in the body")
        case .constant(_, _):
            return Explanation(value: matcher.score(scoring), description: "constant score of a matching clause")
        case .boolean(let must, let should, _, let filter, _):
            guard let boolean = matcher as? BooleanMatcher else { return nil }
            var details: [Explanation] = []
            for (clause, m) in zip(must, boolean.must) {
                guard let e = explain(clause, m) else { return nil }
                details.append(e)
            }
            for (clause, m) in zip(filter, boolean.filter) {
                guard let e = explain(clause, m) else { return nil }
                details.append(Explanation(value: 0, description: "filter clause, matches (not scored):", details: [e]))
            }
            for (clause, m) in zip(should, boolean.should) {
                if let e = explain(clause, m) { details.append(e) }
            }
            return Explanation(value: boolean.score(scoring), description: "sum of the matching clauses:", details: details)
        }
    }

    /// A BM25 leaf: boost × idf × tf, with the statistics each part came from.
    private func bm25Leaf(value: Float, description: String, field: UInt8, boost: Float, idf: Explanation,
                          freq: UInt32, freqLabel: String) -> Explanation {
        let fieldScoring = scoring.field(field)
        let bm25 = fieldScoring.bm25
        let norm = fieldScoring.norms[Int(doc)]
        let tf = BM25.score(weight: bm25.k1 + 1, freq: freq, norm: norm)
        let fieldLengths = lengths[Int(field) < lengths.count ? Int(field) : 0]
        let length = Int(doc) < fieldLengths.count
            ? Explanation(value: Float(fieldLengths[Int(doc)]), description: "dl, length of the field in tokens")
            : Explanation(value: fieldScoring.averageLength, description: "dl, not recorded (the average is used)")
        let tfDetail = Explanation(value: tf, description: "tf = freq × (k1 + 1) / (freq + k1 × (1 − b + b × dl / avgdl)), from:", details: [
            Explanation(value: Float(freq), description: "freq, " + freqLabel),
            Explanation(value: bm25.k1, description: "k1, term frequency saturation"),
            Explanation(value: bm25.b, description: "b, length normalisation"),
            length,
            Explanation(value: fieldScoring.averageLength, description: "avgdl, average length of the field"),
        ])
        return Explanation(value: value, description: "\(description) in document \(scoring.base + doc), BM25 score = boost × idf × tf, from:", details: [
            Explanation(value: boost, description: "boost (query boosts × field weight)"),
            idf,
            tfDetail,
        ])
    }

    /// A body leaf: boost × idf × tf, with the body's length taken as text length − title length.
    private func bodyLeaf(value: Float, description: String, boost: Float, idf: Explanation, freq: UInt32, freqLabel: String) -> Explanation {
        let body = scoring.body
        let length = body.length(doc)
        let tf = BM25.score(weight: body.bm25.k1 + 1, freq: freq, norm: body.bm25.norm(length: length, averageLength: body.averageLength))
        let tfDetail = Explanation(value: tf, description: "tf = freq × (k1 + 1) / (freq + k1 × (1 − b + b × dl / avgdl)), from:", details: [
            Explanation(value: Float(freq), description: "freq, " + freqLabel),
            Explanation(value: body.bm25.k1, description: "k1, term frequency saturation"),
            Explanation(value: body.bm25.b, description: "b, length normalisation"),
            Explanation(value: Float(length), description: "dl, length of the body in tokens (text − title)"),
            Explanation(value: body.averageLength, description: "avgdl, average length of the body"),
        ])
        return Explanation(value: value, description: "\(description) in document \(scoring.base + doc), BM25 score = boost × idf × tf, from:", details: [
            Explanation(value: boost, description: "boost (query boosts)"),
            idf,
            tfDetail,
        ])
    }

    /// A term's idf with its document frequency and the index's document count.
    private func idfDetail(of key: [UInt8], label: String) -> Explanation {
        let n = resolved.terms[key]?.docFreq ?? 0
        let total = resolved.documentCount
        return Explanation(value: BM25.idf(docFreq: n, documentCount: total),
                           description: "\(label) = ln(1 + (N − n + 0.5) / (n + 0.5)), from:", details: [
            Explanation(value: Float(n), description: "n, documents containing the term"),
            Explanation(value: Float(total), description: "N, documents in the index"),
        ])
    }

    private func fieldName(_ field: UInt8) -> String {
        field == BodyField.field ? BodyField.name : Int(field) < fieldNames.count ? fieldNames[Int(field)] : "field \(field)"
    }

    private func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
