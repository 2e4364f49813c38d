import Testing
@testable import Quarry

/// Encodes postings with `PostingsEncoder` into in-memory "files" and reads them back with `PostingsCursor`.
@Suite struct PostingsRoundTripTests {
    struct Postings {
        var docs: [UInt32]
        var freqs: [UInt32]
        var positions: [[UInt32]]
    }

    static func random(count: Int, maxGap: UInt32, seed: UInt64) -> Postings {
        var rng = SplitMix(seed: seed)
        var docs: [UInt32] = []
        var doc: UInt32 = UInt32(rng.next() % UInt64(maxGap))
        for _ in 0..<count {
            docs.append(doc)
            doc += 1 + UInt32(rng.next() % UInt64(maxGap))
        }
        var freqs: [UInt32] = []
        var positions: [[UInt32]] = []
        for _ in 0..<count {
            let f = rng.next() % 10 == 0 ? UInt32(1 + rng.next() % 300) : UInt32(1 + rng.next() % 3)
            freqs.append(f)
            var p: UInt32 = UInt32(rng.next() % 50)
            var list: [UInt32] = []
            for _ in 0..<f { list.append(p); p += 1 + UInt32(rng.next() % 1000) }
            positions.append(list)
        }
        return Postings(docs: docs, freqs: freqs, positions: positions)
    }

    /// Builds (postings file, positions file, info) with fake 12-byte headers and 8-byte footers.
    static func encode(_ p: Postings, documentCount: Int) throws -> ([UInt8], [UInt8], TermInfo) {
        var positionBytes = ByteWriter()
        for list in p.positions {
            var previous: UInt32 = 0
            for x in list { positionBytes.vbyte(x - previous); previous = x }
        }
        // Only the entries of listed documents are read: a lazily-zeroed allocation keeps huge id ranges cheap.
        let lengths = UnsafeMutablePointer<UInt32>.allocate(capacity: documentCount)
        defer { lengths.deallocate() }
        for doc in p.docs { lengths[Int(doc)] = 100 }
        var encoder = PostingsEncoder()
        let impacts = try positionBytes.bytes.withUnsafeBufferPointer { pos in
            try encoder.encode(docs: p.docs, freqs: p.freqs, positions: pos,
                               lengths: UnsafeBufferPointer(start: lengths, count: documentCount))
        }
        let header = [UInt8](repeating: 0, count: FileFormat.headerSize)
        let footer = [UInt8](repeating: 0, count: FileFormat.footerSize)
        let info = TermInfo(docFreq: p.docs.count, totalFreq: p.freqs.reduce(0) { $0 + UInt64($1) },
                            postingsOffset: header.count, positionsOffset: header.count, impacts: impacts)
        return (header + encoder.out.bytes + footer, header + positionBytes.bytes + footer, info)
    }

    static func withCursor<R>(_ p: Postings, documentCount: Int, _ body: (PostingsCursor) throws -> R) throws -> R {
        let (postings, positions, info) = try encode(p, documentCount: documentCount)
        return try postings.withUnsafeBytes { post in
            try positions.withUnsafeBytes { pos in
                let cursor = try PostingsCursor(postings: post, positions: pos, documentCount: documentCount, info: info, name: "test")
                return try body(cursor)
            }
        }
    }

    @Test(arguments: [1, 2, 127, 128, 129, 255, 256, 257, 1000, 5000])
    func iteratesEverything(count: Int) throws {
        for (maxGap, seed) in [(UInt32(1), UInt64(1)), (3, 2), (1000, 3), (70_000, 4)] {
            let p = Self.random(count: count, maxGap: maxGap, seed: seed + UInt64(count))
            let documentCount = Int(p.docs.last!) + 1
            try Self.withCursor(p, documentCount: documentCount) { cursor in
                var i = 0
                var scratch: [UInt32] = []
                while cursor.doc != PostingsCursor.noMore {
                    #expect(cursor.doc == p.docs[i])
                    #expect(cursor.freq == p.freqs[i])
                    if i % 7 == 0 {
                        let n = cursor.positions(into: &scratch)
                        #expect(Array(scratch[0..<n]) == p.positions[i])
                    }
                    i += 1
                    cursor.next()
                }
                #expect(i == count)
                #expect(!cursor.corrupt)
            }
        }
    }

    @Test func hugeGapsSurvive() throws {
        let docs: [UInt32] = (0..<300).map { UInt32($0) * 9_000_000 }  // up to 2.7e9
        let p = Postings(docs: docs, freqs: Array(repeating: 1, count: 300), positions: Array(repeating: [0], count: 300))
        try Self.withCursor(p, documentCount: Int(docs.last!) + 1) { cursor in
            var seen: [UInt32] = []
            while cursor.doc != PostingsCursor.noMore { seen.append(cursor.doc); cursor.next() }
            #expect(seen == docs)
        }
    }

    @Test(arguments: [129, 1000, 4000])
    func advanceMatchesLinearSearch(count: Int) throws {
        let p = Self.random(count: count, maxGap: 40, seed: 99)
        let documentCount = Int(p.docs.last!) + 1
        var rng = SplitMix(seed: 7)
        for _ in 0..<20 {
            var targets: [UInt32] = (0..<30).map { _ in UInt32(rng.next() % UInt64(documentCount + 50)) }
            targets.sort()
            try Self.withCursor(p, documentCount: documentCount) { cursor in
                for target in targets {
                    let got = cursor.advance(to: target)
                    let expected = p.docs.first(where: { $0 >= target }) ?? PostingsCursor.noMore
                    // Targets ascend, so the answer is always the first document ≥ target.
                    #expect(got == expected)
                    if got != PostingsCursor.noMore {
                        let i = p.docs.firstIndex(of: got)!
                        #expect(cursor.freq == p.freqs[i])
                        var scratch: [UInt32] = []
                        let n = cursor.positions(into: &scratch)
                        #expect(Array(scratch[0..<n]) == p.positions[i])
                    }
                }
            }
        }
    }

    /// Dense stretches are stored as bitmap blocks and sparse ones as packed gaps, in one term;
    /// seeking (in place in bitmap blocks, by bisection in packed ones) finds what a linear search does.
    @Test(arguments: [1, 2, 3])
    func seekingMatchesLinearSearchAcrossBlockForms(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        var docs: [UInt32] = []
        var doc: UInt32 = 0
        for stretch in 0..<24 {
            let maxGap: UInt64 = stretch % 3 == 0 ? 200 : (stretch % 3 == 1 ? 2 : 4)
            for _ in 0..<(64 + Int(rng.next() % 200)) {
                doc += 1 + UInt32(rng.next() % maxGap)
                docs.append(doc)
            }
        }
        let freqs = docs.map { 1 + $0 % 5 }
        let p = Postings(docs: docs, freqs: freqs, positions: freqs.map { f in (0..<f).map { 3 * $0 } })
        let documentCount = Int(docs.last!) + 1
        let (postings, _, info) = try Self.encode(p, documentCount: documentCount)
        // Each full block's first byte says its form: at most 32 for packed gaps, else a bitmap.
        let skip = FileFormat.headerSize
        let blocks = skip + (info.docFreq / 128) * PostingsFormat.skipEntrySize
        let headers = (0..<info.docFreq / 128).map { block -> UInt8 in
            let docEnd = block == 0 ? 0 : postings.withUnsafeBytes {
                Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: skip + 4 * (info.docFreq / 128 + block - 1), as: UInt32.self)))
            }
            return postings[blocks + docEnd]
        }
        #expect(headers.contains { Int($0) >= PostingsFormat.bitmapHeaderBase })
        #expect(headers.contains { Int($0) <= 32 })
        for round in 0..<10 {
            var targets = (0..<(40 + round * 40)).map { _ in UInt32(rng.next() % UInt64(documentCount)) }
            targets.sort()
            try Self.withCursor(p, documentCount: documentCount) { cursor in
                for target in targets where target >= cursor.doc {
                    if target > cursor.blockLastDoc {
                        guard cursor.moveToBlock(atLeast: target, seeking: true) else {
                            #expect(target > docs.last!)
                            break
                        }
                    }
                    let expected = docs.firstIndex { $0 >= target }!
                    if round % 2 == 0 && cursor.blockIsUndecodedBitmap {
                        #expect(cursor.bitmapContains(target) == (docs[expected] == target))
                    }
                    let found = cursor.seekInBlock(target)
                    #expect(found == (docs[expected] == target))
                    #expect(cursor.doc == docs[expected])
                    #expect(cursor.positionInBlock == expected % 128 || cursor.currentBlock == docs.count / 128)
                    #expect(cursor.freq == p.freqs[expected])
                }
                #expect(!cursor.corrupt)
            }
        }
    }

    /// Phrase support: start positions from one document's positions, and in-place filtering of
    /// starts, against a set model; read through a second cursor at the first cursor's locators.
    @Test(arguments: [1, 130, 1000, 5000])
    func phraseStartsMatchASetModel(count: Int) throws {
        let p = Self.random(count: count, maxGap: 4, seed: 77 + UInt64(count))
        let documentCount = Int(p.docs.last!) + 1
        let (postings, positionsFile, info) = try Self.encode(p, documentCount: documentCount)
        var rng = SplitMix(seed: 5)
        try postings.withUnsafeBytes { post in
            try positionsFile.withUnsafeBytes { pos in
                let walker = try PostingsCursor(postings: post, positions: pos, documentCount: documentCount, info: info, name: "walk")
                let reader = try PostingsCursor(postings: post, positions: pos, documentCount: documentCount, info: info, name: "read")
                var i = 0
                while walker.doc != PostingsCursor.noMore {
                    defer { i += 1; walker.next() }
                    if rng.next() % 3 != 0 { continue }
                    reader.moveForPositions(block: walker.currentBlock, position: walker.positionInBlock)
                    let positions = p.positions[i]
                    let offset = UInt32(rng.next() % 4)
                    var starts = [UInt32](repeating: 0, count: reader.positionCapacityNeeded)
                    let n = starts.withUnsafeMutableBufferPointer { reader.decodePositionStarts(offset: offset, into: $0.baseAddress!) }
                    #expect(Array(starts[0..<n]) == positions.filter { $0 >= offset }.map { $0 - offset })
                    // Candidate starts: half real, half random, ascending and distinct.
                    let set = Set(positions)
                    var candidates = Set(positions.filter { $0 >= offset && rng.next() % 2 == 0 }.map { $0 - offset })
                    for _ in 0..<5 { candidates.insert(UInt32(rng.next() % 2000)) }
                    var sorted = candidates.sorted()
                    let expected = sorted.filter { set.contains($0 &+ offset) }
                    let kept = sorted.withUnsafeMutableBufferPointer { reader.keepStarts($0.baseAddress!, count: $0.count, offset: offset) }
                    #expect(Array(sorted[0..<kept]) == expected)
                }
                #expect(i == count)
                #expect(!walker.corrupt && !reader.corrupt)
            }
        }
    }

    @Test func phraseStartsBufferGrows() {
        let starts = PhraseStarts(capacity: 4)
        let big = starts.reserve(10_000)
        big.update(repeating: 7, count: 10_000)
        #expect(big[9_999] == 7)
        #expect(starts.reserve(5) == big)
    }

    @Test func corruptBlockIsDetectedNotCrashed() throws {
        let p = Self.random(count: 600, maxGap: 5, seed: 11)
        var (postings, positions, info) = try Self.encode(p, documentCount: Int(p.docs.last!) + 1)
        // Flip a byte inside the first full block's packed doc gaps.
        let blockStart = FileFormat.headerSize + 4 * PostingsFormat.skipEntrySize
        postings[blockStart + 5] ^= 0xFF
        let corrupt = try postings.withUnsafeBytes { post in
            try positions.withUnsafeBytes { pos in
                let cursor = try PostingsCursor(postings: post, positions: pos, documentCount: Int(p.docs.last!) + 1, info: info, name: "t")
                while cursor.doc != PostingsCursor.noMore { cursor.next() }
                return cursor.corrupt
            }
        }
        #expect(corrupt)
        // Offsets pointing outside the file are rejected up front.
        info.postingsOffset = postings.count + 10
        #expect(throws: QuarryError.self) {
            try postings.withUnsafeBytes { post in
                try positions.withUnsafeBytes { pos in
                    _ = try PostingsCursor(postings: post, positions: pos, documentCount: 10, info: info, name: "t")
                }
            }
        }
    }
}
