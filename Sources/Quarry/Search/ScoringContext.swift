/// A query term resolved against the whole index: its global statistics and per-segment entries.
struct ResolvedTerm {
    let term: String
    /// Index-wide document frequency.
    let docFreq: Int
    /// idf · (k1 + 1).
    let weight: Float
    /// The dictionary entry in each segment (nil where absent).
    let infos: [TermInfo?]
    /// The field the term belongs to (its key's first byte).
    var field: UInt8 = 0
}

/// One field's BM25 setting in one segment: its norms table, parameters and average length.
struct FieldScoring {
    let norms: UnsafeBufferPointer<Float>
    let bm25: BM25
    let averageLength: Float
}

/// What scoring one segment needs: the reader, its global id base and, for one field (the text
/// field unless made by ``field(_:)``), the norms table, BM25 parameters and average length.
struct SegmentScoring {
    let reader: SegmentReader
    let base: UInt32
    let norms: UnsafeBufferPointer<Float>
    let bm25: BM25
    let averageLength: Float
    /// Every field's setting, by field number.
    let fields: [FieldScoring]
    /// The segment's deleted-documents bitmap (nil when none is deleted); the reader keeps it alive.
    let deleted: UnsafePointer<UInt64>?
    /// The body's setting (``BodyField``).
    let body: BodyScoring

    init(reader: SegmentReader, base: UInt32, fields: [FieldScoring], body: BodyScoring, field: Int = 0) {
        self.reader = reader
        self.base = base
        self.fields = fields
        self.body = body
        norms = fields[field].norms
        bm25 = fields[field].bm25
        averageLength = fields[field].averageLength
        deleted = reader.deletions?.bits
    }

    /// Whether segment document `doc` is deleted: collectors skip such documents and do not count them.
    @inline(__always)
    func isDeleted(_ doc: UInt32) -> Bool {
        guard let deleted else { return false }
        return DeletedDocuments.isDeleted(doc, in: deleted)
    }

    /// The same segment, scoring `field`'s terms.
    func field(_ field: UInt8) -> SegmentScoring {
        SegmentScoring(reader: reader, base: base, fields: fields, body: body, field: Int(field) < fields.count ? Int(field) : 0)
    }

    /// Relative slack added to every upper bound so float rounding never prunes a real candidate.
    static let boundSlack: Float = 1.0 + 1e-5

    @inline(__always)
    func score(weight: Float, freq: UInt32, doc: UInt32) -> Float {
        BM25.score(weight: weight, freq: freq, norm: norms[Int(doc)])
    }

    /// An upper bound of the term's score over the whole segment, from its impact frontier.
    func upperBound(weight: Float, info: TermInfo) -> Float {
        var best: Float = 0
        for pair in info.impacts {
            let s = BM25.score(weight: weight, freq: pair.freq, norm: bm25.norm(length: pair.length, averageLength: averageLength))
            best = max(best, s)
        }
        return best * Self.boundSlack
    }

    /// An upper bound of the term's score in the block `cursor` is in: the block's own bound for a
    /// full block, the term's bound for the tail. Cached in `cache` (block index, bound) per cursor.
    @inline(__always)
    func currentBlockBound(weight: Float, cursor: PostingsCursor, termBound: Float, cache: inout (block: Int, bound: Float)) -> Float {
        let block = cursor.currentBlock
        if block == cache.block { return cache.bound }
        let bound = block < cursor.fullBlocks ? blockUpperBound(weight: weight, cursor: cursor, block: block) : termBound
        cache = (block, bound)
        return bound
    }

    /// An upper bound of the term's score inside full block `block` of `cursor`.
    @inline(__always)
    func blockUpperBound(weight: Float, cursor: PostingsCursor, block: Int) -> Float {
        var best: Float = 0
        for k in 0..<PostingsFormat.impactsPerBlock {
            let pair = cursor.impact(ofBlock: block, k)
            let norm = bm25.norm(length: pair.length, averageLength: averageLength)
            best = max(best, BM25.score(weight: weight, freq: pair.freq, norm: norm))
        }
        return best * Self.boundSlack
    }
}

/// A query's resolved terms by key. Queries hold a handful of terms, so a linear scan of byte
/// comparisons beats hashing every key on each lookup (this runs on every search).
struct ResolvedTerms {
    private var keys: [[UInt8]] = []
    private var values: [ResolvedTerm] = []

    subscript(key: [UInt8]) -> ResolvedTerm? {
        get {
            for i in keys.indices where keys[i] == key { return values[i] }
            return nil
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue { values[i] = newValue } else { keys.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }
}
