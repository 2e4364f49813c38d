/// The `body:` field: the text after the title, searched without an index field of its own.
///
/// The text field is the title, a newline and the body, analyzed as one, and the title is also
/// indexed alone, so the body follows exactly from the two: in every document a word's body
/// frequency is its text frequency minus its title frequency, the body's length is the text's
/// length minus the title's, and its body positions are its text positions after the first
/// title-frequency ones (the title's tokens come first in the text).
enum BodyField {
    /// The name queries use.
    static let name = "body"
    /// The field byte of body prefixes and of body statistics in resolved terms (no index field has it).
    static let field: UInt8 = 0xFF

    /// The key of a body word's statistics among resolved terms.
    static func statisticsKey(of term: [UInt8]) -> [UInt8] { [field] + term }

    /// The body postings of `term` in `segment`, or nil when the text does not have it.
    static func postings(of term: [UInt8], in segment: SegmentReader) throws -> BodyPostings? {
        guard let text = try segment.termInfo(field: SegmentBuffer.textField, term: term) else { return nil }
        let title = try segment.termInfo(field: SegmentBuffer.titleField, term: term)
        return BodyPostings(text: try segment.cursor(for: text), title: try title.map { try segment.cursor(for: $0) },
                            maxTextFreq: text.impacts.map(\.freq).max() ?? UInt32.max)
    }

    /// The number of documents of `segment` whose body holds `term` (deleted ones included, as
    /// in every document frequency).
    static func documentFrequency(of term: [UInt8], in segment: SegmentReader) throws -> Int {
        guard let postings = try postings(of: term, in: segment) else { return 0 }
        var count = 0
        while postings.doc != PostingsCursor.noMore {
            count += 1
            postings.next()
        }
        if postings.corrupt { throw QuarryError.corruptIndex("\(segment.info.name).postings: a postings block failed its checks") }
        return count
    }
}

/// One segment's BM25 setting for the body: lengths from the text and title lengths.
struct BodyScoring {
    let textLengths: UnsafeBufferPointer<UInt32>
    /// Empty for a segment without title lengths (its titles count as empty).
    let titleLengths: UnsafeBufferPointer<UInt32>
    let bm25: BM25
    let averageLength: Float

    /// The body's length in document `doc`: text length minus title length.
    @inline(__always)
    func length(_ doc: UInt32) -> UInt32 {
        let i = Int(doc)
        guard i < textLengths.count else { return 0 }
        let text = textLengths[i], title = i < titleLengths.count ? titleLengths[i] : 0
        return text > title ? text - title : 0
    }

    @inline(__always)
    func score(weight: Float, freq: UInt32, doc: UInt32) -> Float {
        BM25.score(weight: weight, freq: freq, norm: bm25.norm(length: length(doc), averageLength: averageLength))
    }

    /// An upper bound of a body word's score in a segment where no text frequency of the word is
    /// above `maxFreq`. A body's length is at least the word's body frequency, and the score
    /// grows with the frequency and falls with the length, so frequency and length `maxFreq` bound it.
    func upperBound(weight: Float, maxFreq: UInt32) -> Float {
        guard maxFreq > 0 else { return 0 }
        let norm = bm25.norm(length: maxFreq, averageLength: averageLength)
        return BM25.score(weight: weight, freq: maxFreq, norm: norm) * SegmentScoring.boundSlack
    }
}

/// A word's body postings in one segment: the documents where its text frequency is above its
/// title frequency, with the difference as frequency.
final class BodyPostings {
    let text: PostingsCursor
    let title: PostingsCursor?
    private(set) var doc: UInt32 = 0
    /// The body frequency in the current document.
    private(set) var freq: UInt32 = 0
    /// The title frequency in the current document (its first text positions are the title's).
    private(set) var titleFreq: UInt32 = 0
    private var scratch: [UInt32] = []
    /// The largest text frequency of the word in the segment (from its impacts): bounds the body's.
    let maxTextFreq: UInt32

    init(text: PostingsCursor, title: PostingsCursor?, maxTextFreq: UInt32) {
        self.text = text
        self.title = title
        self.maxTextFreq = maxTextFreq
        settle(text.doc)
    }

    var corrupt: Bool { text.corrupt || (title?.corrupt ?? false) }
    var cost: Int { text.docFreq }

    @discardableResult
    func next() -> UInt32 {
        guard doc != PostingsCursor.noMore else { return doc }
        settle(text.next())
        return doc
    }

    @discardableResult
    func advance(to target: UInt32) -> UInt32 {
        if target <= doc { return doc }
        settle(text.doc < target ? text.advance(to: target) : text.doc)
        return doc
    }

    /// Moves to the first document from text document `candidate` on whose body has the word.
    private func settle(_ candidate: UInt32) {
        var d = candidate
        while d != PostingsCursor.noMore {
            let total = text.freq
            var inTitle: UInt32 = 0
            if let title {
                let t = title.doc < d ? title.advance(to: d) : title.doc
                if t == d { inTitle = title.freq }
            }
            if total > inTitle {
                doc = d
                freq = total - inTitle
                titleFreq = inTitle
                return
            }
            d = text.next()
        }
        doc = PostingsCursor.noMore
        freq = 0
        titleFreq = 0
    }

    /// The word's body positions in the current document, ascending.
    func positions() -> ArraySlice<UInt32> {
        let n = text.positions(into: &scratch)
        let skip = min(Int(titleFreq), n)
        return scratch[skip..<n]
    }
}
