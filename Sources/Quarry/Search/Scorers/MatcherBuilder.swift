/// Builds the matcher tree of an ``AnalyzedQuery`` for one segment.
struct MatcherBuilder {
    let resolved: Searcher.Resolved
    let segmentIndex: Int
    let scoring: SegmentScoring

    static func corruption(_ scoring: SegmentScoring) -> QuarryError {
        .corruptIndex("\(scoring.reader.info.name).postings: a postings block failed its checks")
    }

    func build(_ query: AnalyzedQuery) throws -> ClauseMatcher {
        switch query {
        case .nothing:
            return EmptyMatcher()
        case .term(let key, let boost):
            guard let term = resolved.terms[key], let info = term.infos[segmentIndex] else { return EmptyMatcher() }
            let weight = term.weight * boost
            let fieldScoring = scoring.field(term.field)
            return TermMatcher(cursor: try scoring.reader.cursor(for: info), weight: weight,
                               maxScore: fieldScoring.upperBound(weight: weight, info: info), scoring: fieldScoring)
        case .phrase(let field, let words, let slop, let boost):
            var infos: [TermInfo] = []
            var indexOf: [[UInt8]: Int] = [:]
            var elements: [(term: Int, offset: UInt32)] = []
            var idf: Float = 0
            for word in words {
                let key = [field] + word.term
                guard let term = resolved.terms[key], let info = term.infos[segmentIndex] else { return EmptyMatcher() }
                if indexOf[key] == nil {
                    indexOf[key] = infos.count
                    infos.append(info)
                }
                elements.append((indexOf[key]!, word.offset))
                idf += BM25.idf(docFreq: term.docFreq, documentCount: resolved.documentCount)
            }
            let weight = idf * (resolved.k1 + 1) * boost
            if slop == 0 {
                return PhraseMatcher(probes: try infos.map { try scoring.reader.cursor(for: $0) },
                                     readers: try infos.map { try scoring.reader.cursor(for: $0) },
                                     elements: elements, weight: weight, documentCount: scoring.reader.documentCount,
                                     scoring: scoring.field(field))
            }
            return SloppyPhraseMatcher(cursors: try infos.map { try scoring.reader.cursor(for: $0) }, elements: elements,
                                       slop: slop, weight: weight, scoring: scoring.field(field))
        case .prefix(let field, let prefix, let boost):
            let set = DocumentSet(count: scoring.reader.documentCount)
            var any = false
            try scoring.reader.dictionary.forEach(startingWith: [field] + prefix) { _, info in
                let cursor = try scoring.reader.cursor(for: info)
                var doc = cursor.doc
                while doc != PostingsCursor.noMore {
                    set.insert(doc)
                    doc = cursor.next()
                }
                if cursor.corrupt { throw Self.corruption(scoring) }
                any = true
            }
            return any ? ConstantMatcher(inner: DocumentSetMatcher(set), value: boost) : EmptyMatcher()
        case .constant(let inner, let value):
            return ConstantMatcher(inner: try build(inner), value: value)
        case .boolean(let must, let should, let mustNot, let filter, let required):
            return BooleanMatcher(must: try must.map(build), filter: try filter.map(build), should: try should.map(build),
                                  mustNot: try mustNot.map(build), requiredShould: required)
        }
    }
}
