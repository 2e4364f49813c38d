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
        case .bodyTerm(let term, let boost):
            guard let stats = resolved.terms[BodyField.statisticsKey(of: term)],
                  let postings = try BodyField.postings(of: term, in: scoring.reader) else { return EmptyMatcher() }
            return BodyTermMatcher(postings: postings, weight: stats.weight * boost, body: scoring.body)
        case .bodyPhrase(let words, let slop, let boost):
            var postings: [BodyPostings] = []
            var indexOf: [[UInt8]: Int] = [:]
            var elements: [(term: Int, offset: UInt32)] = []
            var idf: Float = 0
            for word in words {
                guard let stats = resolved.terms[BodyField.statisticsKey(of: word.term)] else { return EmptyMatcher() }
                if indexOf[word.term] == nil {
                    guard let p = try BodyField.postings(of: word.term, in: scoring.reader) else { return EmptyMatcher() }
                    indexOf[word.term] = postings.count
                    postings.append(p)
                }
                elements.append((indexOf[word.term]!, word.offset))
                idf += BM25.idf(docFreq: stats.docFreq, documentCount: resolved.documentCount)
            }
            return BodyPhraseMatcher(words: postings, elements: elements, slop: slop,
                                     weight: idf * (resolved.k1 + 1) * boost, body: scoring.body)
        case .prefix(BodyField.field, let prefix, let boost):
            // Every text term with the prefix, in the documents where the body has it.
            let set = DocumentSet(count: scoring.reader.documentCount)
            var any = false
            try scoring.reader.dictionary.forEach(startingWith: [SegmentBuffer.textField] + prefix) { key, _ in
                guard let postings = try BodyField.postings(of: Array(key.dropFirst()), in: scoring.reader) else { return }
                while postings.doc != PostingsCursor.noMore {
                    set.insert(postings.doc)
                    any = true
                    postings.next()
                }
                if postings.corrupt { throw Self.corruption(scoring) }
            }
            return any ? ConstantMatcher(inner: DocumentSetMatcher(set), value: boost) : EmptyMatcher()
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
