/// A parsed query: clauses combined by OR (any) or AND (all).
public struct Query: Sendable, Hashable {
    /// How clauses combine.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// A document matches if any clause matches; scores add up.
        case any
        /// A document matches only if every clause matches.
        case all
    }

    /// One unit of matching: a single term, or terms that must appear at consecutive positions.
    public enum Clause: Sendable, Hashable {
        case term(String)
        /// Terms with their position offsets relative to the first term.
        case phrase([PhraseTerm])
    }

    public struct PhraseTerm: Sendable, Hashable {
        public var term: String
        public var offset: UInt32
        public init(term: String, offset: UInt32) {
            self.term = term
            self.offset = offset
        }
    }

    public var clauses: [Clause]
    public var mode: Mode

    public init(clauses: [Clause], mode: Mode = .any) {
        self.clauses = clauses
        self.mode = mode
    }

    /// Every distinct term the query mentions, in first-seen order.
    public var terms: [String] {
        // Queries are short: a linear scan beats hashing strings.
        var result: [String] = []
        for clause in clauses {
            switch clause {
            case .term(let t): if !result.contains(t) { result.append(t) }
            case .phrase(let ts): for t in ts where !result.contains(t.term) { result.append(t.term) }
            }
        }
        return result
    }
}
