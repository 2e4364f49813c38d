/// Fuzz targets that drive ``PostingsCursor`` directly over file bytes in memory: no index is
/// opened, searched or checked per input, so an input costs a fraction of a millisecond and the
/// postings and positions decoders get millions of executions where the whole-index targets get
/// tens of thousands.
///
/// One file of the fixture's segment (postings or positions) comes from the input (sealed or raw,
/// as ``FuzzFileInput`` says); the other and the dictionary's entries are the fixture's. Every
/// term of the dictionary is then read three ways, each with every value the cursor returns
/// checked against what any reader promises:
///
/// 1. `next()` from start to end, with each document's frequency and positions: documents strictly
///    increasing and below the segment's document count, never more than the term's document
///    frequency, and — unless the cursor reported damage — exactly that many.
/// 2. `advance(to:)` over targets the input picks, as the pruning loops call it.
/// 3. Block at a time, as the conjunction loop reads: `moveToBlock(atLeast:seeking:)`,
///    `seekInBlock(_:)` (bitmap blocks read in place), the block's frequencies and impacts, and
///    positions reached through `moveForPositions(block:position:)`.
///
/// When none of the three reported damage, 2 and 3 must agree with 1: an undamaged-looking term
/// gives the same documents whichever way it is read.
enum FuzzCursorTargets {
    /// Which of the two files the input replaces.
    enum File {
        case postings, positions

        var kind: FileFormat.Kind { self == .postings ? .postings : .positions }
    }

    static func run(_ file: File, _ input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        let fixture = FuzzSegmentFixture.shared
        let cursorEntries = Self.cursorEntries
        let replaced = FuzzFileInput.fileBytes(input, kind: file.kind)
        let postings = file == .postings ? replaced : fixture.originals[.postings]!
        let positions = file == .positions ? replaced : fixture.originals[.positions]!
        let steps = Self.steps(from: input)
        let result = postings.withUnsafeBytes { postingsBytes in
            positions.withUnsafeBytes { positionsBytes in
                Result { () throws(FuzzFinding) -> FuzzOutcome in
                    try read(postings: postingsBytes, positions: positionsBytes, entries: cursorEntries, steps: steps)
                }
            }
        }
        return try result.get()
    }

    /// Validates both files as `SegmentReader` does when it opens them (their checksums are
    /// `check`'s job), then reads every term.
    static func read(postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer,
                     entries: [(key: [UInt8], info: TermInfo)], steps: [UInt32]) throws(FuzzFinding) -> FuzzOutcome {
        do {
            _ = try FileFormat.validate(postings, kind: .postings, name: "fuzz.postings", verifyChecksum: false)
            _ = try FileFormat.validate(positions, kind: .positions, name: "fuzz.positions", verifyChecksum: false)
        } catch {
            return try FuzzFileTargets.rejection(error, in: "FileFormat.validate")
        }
        var damaged: [UInt8]?
        var buffer: [UInt32] = []
        for (key, info) in entries {
            if try readTerm(info, key: key, postings: postings, positions: positions, steps: steps, buffer: &buffer), damaged == nil {
                damaged = key
            }
        }
        if let damaged { return .rejected("term \(damaged): damage reported") }
        return .accepted
    }

    /// The terms read per input: every word of the text and title fields and the first eight ids.
    /// The other 292 ids are one-document postings like those eight; reading them all would make
    /// an input four times dearer without reaching other code.
    static let cursorEntries: [(key: [UInt8], info: TermInfo)] = {
        let all = FuzzSegmentFixture.shared.termEntries
        return all.filter { $0.key.first != SegmentBuffer.idField } + all.filter { $0.key.first == SegmentBuffer.idField }.prefix(8)
    }()

    /// Gaps between `advance` targets, drawn from the input's last bytes (1 to 64 each), so the
    /// fuzzer steers which blocks are skipped.
    static func steps(from input: UnsafeRawBufferPointer) -> [UInt32] {
        let tail = input.suffix(8)
        let steps = tail.map { UInt32($0 & 63) + 1 }
        return steps.isEmpty ? [1] : steps
    }

    /// Reads one term the three ways, decoding positions into `buffer`; returns whether a cursor
    /// reported damage; throws a finding for a broken promise.
    static func readTerm(_ info: TermInfo, key: [UInt8], postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer,
                         steps: [UInt32], buffer: inout [UInt32]) throws(FuzzFinding) -> Bool {
        let documentCount = FuzzSegmentFixture.documentCount
        // Described only for a message: formatting it for every term would cost more than reading the term.
        var name: String { "term \(key)" }
        func open() throws(FuzzFinding) -> PostingsCursor? {
            do {
                return try PostingsCursor(postings: postings, positions: positions, documentCount: documentCount, info: info, name: "fuzz.postings")
            } catch {
                _ = try FuzzFileTargets.rejection(error, in: "PostingsCursor")
                return nil
            }
        }
        guard let walker = try open() else { return true }

        // 1. Every document in order, with its frequency and positions.
        var documents: [UInt32] = []
        documents.reserveCapacity(info.docFreq)
        while walker.doc != PostingsCursor.noMore {
            let doc = walker.doc
            if let last = documents.last, doc <= last {
                throw FuzzFinding("\(name): document \(doc) after \(last)")
            }
            if Int(doc) >= documentCount { throw FuzzFinding("\(name): document \(doc) of \(documentCount)") }
            documents.append(doc)
            if documents.count > info.docFreq { throw FuzzFinding("\(name): more than \(info.docFreq) documents") }
            let count = walker.positions(into: &buffer)
            if count > buffer.count { throw FuzzFinding("\(name): \(count) positions in a buffer of \(buffer.count)") }
            walker.next()
        }
        if !walker.corrupt && documents.count != info.docFreq {
            throw FuzzFinding("\(name): \(documents.count) documents of \(info.docFreq), and no damage reported")
        }

        // 2. advance(to:) over targets the input picks.
        guard let advancer = try open() else { return true }
        var advanced: [(target: UInt32, doc: UInt32)] = []
        var target: UInt32 = 0
        var step = 0
        while target < UInt32(documentCount) + 2 {
            let doc = advancer.advance(to: target)
            if doc != PostingsCursor.noMore && (doc < target || Int(doc) >= documentCount) {
                throw FuzzFinding("\(name): advance(to: \(target)) gave \(doc)")
            }
            advanced.append((target, doc))
            if doc == PostingsCursor.noMore { break }
            target = max(target, doc) &+ steps[step % steps.count]
            step += 1
        }

        // 3. Block at a time: seek, frequencies, impacts, positions by locator.
        guard let blocks = try open() else { return true }
        let positionReader = try open()
        var seeks: [(target: UInt32, found: Bool)] = []
        target = 0
        step = 0
        for block in 0..<blocks.fullBlocks {
            for k in 0..<PostingsFormat.impactsPerBlock { _ = blocks.impact(ofBlock: block, k) }
        }
        while blocks.doc != PostingsCursor.noMore && target < UInt32(documentCount) + 2 {
            if target > blocks.blockLastDoc && !blocks.moveToBlock(atLeast: target, seeking: step % 2 == 0) { break }
            let found = blocks.seekInBlock(target)
            seeks.append((target, found))
            let block = blocks.currentBlock, position = blocks.positionInBlock
            if position < 0 || position >= max(blocks.blockCount, 1) {
                throw FuzzFinding("\(name): position \(position) in a block of \(blocks.blockCount)")
            }
            if !blocks.blockIsUndecodedBitmap {
                let freqs = blocks.blockFrequenciesMinusOne()
                _ = freqs[position]
            }
            if let positionReader {
                positionReader.moveForPositions(block: block, position: position)
                _ = positionReader.positions(into: &buffer)
            }
            target = max(target, blocks.doc) &+ steps[step % steps.count]
            step += 1
        }

        let damaged = walker.corrupt || advancer.corrupt || blocks.corrupt || (positionReader?.corrupt ?? false)
        if damaged { return true }
        // Nothing reported: the three readings agree.
        // The walk's documents are strictly increasing: the first one ≥ a target is found by bisection.
        func firstIndex(atLeast target: UInt32) -> Int {
            var low = 0, high = documents.count
            while low < high {
                let middle = (low + high) / 2
                if documents[middle] < target { low = middle + 1 } else { high = middle }
            }
            return low
        }
        for (target, doc) in advanced {
            let i = firstIndex(atLeast: target)
            let expected = i < documents.count ? documents[i] : PostingsCursor.noMore
            if doc != expected { throw FuzzFinding("\(name): advance(to: \(target)) gave \(doc), the walk \(expected)") }
        }
        for (target, found) in seeks {
            let i = firstIndex(atLeast: target)
            let inWalk = i < documents.count && documents[i] == target
            if found != inWalk { throw FuzzFinding("\(name): seekInBlock(\(target)) said \(found), the walk \(inWalk)") }
        }
        return false
    }
}
