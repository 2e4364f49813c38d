/// The in-memory part of a segment being built: terms, postings, positions and document lengths.
///
/// Documents get consecutive segment-local ids from 0. Per term it keeps the document ids and term
/// frequencies as plain arrays and the positions as VByte deltas (first position of each document
/// absolute). ``SegmentWriter`` turns it into files.
struct SegmentBuffer {
    static let textField: UInt8 = 0

    var terms = TermTable()
    /// Per term: document ids, ascending.
    var postingDocs: [[UInt32]] = []
    /// Per term: term frequency of each document in `postingDocs`.
    var postingFreqs: [[UInt32]] = []
    /// Per term: VByte position deltas.
    var postingPositions: [[UInt8]] = []
    /// Per document: length of the text field in indexed tokens (BM25's document length).
    var lengths: [UInt32] = []
    var totalTokens: UInt64 = 0
    private var positionsBytes = 0
    private var postingsCount = 0

    // Per-document scratch: the terms seen in the current document, their frequency and last position.
    private var currentFreq: [UInt32] = []
    private var lastPosition: [UInt32] = []
    private var touched: [Int32] = []
    private var keyScratch: [UInt8] = [SegmentBuffer.textField]

    var documentCount: Int { lengths.count }

    /// A rough count of the bytes this buffer holds, for flushing at a memory budget.
    var memoryBytes: Int {
        terms.memoryBytes + postingsCount * 8 + positionsBytes + terms.count * 96 + lengths.count * 4
    }

    /// Adds one document's text field, analyzed by `analyzer`. Returns the new document's id.
    @discardableResult
    mutating func addDocument(title: String, body: String, analyzer: Analyzer) -> UInt32 {
        let doc = UInt32(lengths.count)
        // The field is analyzed exactly as stored: title, newline, body.
        var text = title
        text.reserveCapacity(title.utf8.count + 1 + body.utf8.count)
        text += "\n"
        text += body
        var tokenCount: UInt32 = 0
        _ = text.withUTF8 { utf8 in
            analyzer.analyze(utf8, startPosition: 0) { term, pos, _, _ in
                self.addToken(term, position: pos)
                tokenCount &+= 1
            }
        }
        finishDocument(doc)
        lengths.append(tokenCount)
        totalTokens += UInt64(tokenCount)
        return doc
    }

    @inline(__always)
    private mutating func addToken(_ term: UnsafeBufferPointer<UInt8>, position: UInt32) {
        keyScratch.removeSubrange(1...)
        keyScratch.append(contentsOf: term)
        let (id, isNew) = keyScratch.withUnsafeBufferPointer { terms.intern($0) }
        if isNew {
            postingDocs.append([])
            postingFreqs.append([])
            postingPositions.append([])
            currentFreq.append(0)
            lastPosition.append(0)
        }
        let freq = currentFreq[id]
        let delta: UInt32
        if freq == 0 {
            touched.append(Int32(id))
            delta = position
        } else {
            delta = position &- lastPosition[id]
        }
        currentFreq[id] = freq + 1
        lastPosition[id] = position
        positionsBytes += appendVByte(delta, to: &postingPositions[id])
    }

    @inline(__always)
    private func appendVByte(_ value: UInt32, to bytes: inout [UInt8]) -> Int {
        var v = value
        var n = 1
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
            n += 1
        }
        bytes.append(UInt8(v))
        return n
    }

    private mutating func finishDocument(_ doc: UInt32) {
        for t in touched {
            let id = Int(t)
            postingDocs[id].append(doc)
            postingFreqs[id].append(currentFreq[id])
            currentFreq[id] = 0
        }
        postingsCount += touched.count
        touched.removeAll(keepingCapacity: true)
    }
}
