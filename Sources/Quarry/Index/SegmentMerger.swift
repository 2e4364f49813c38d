/// Merges segments into one: documents keep their order (segment by segment), deleted documents
/// are dropped, postings are re-encoded into full blocks, positions copied byte for byte, document-store
/// blocks copied as they are (re-compressed only for segments with deletions, or whose store has
/// another codec than the merged store's).
enum SegmentMerger {
    /// Merges the committed segments `infos`, after verifying every file of each (checksums
    /// included): a merge writes fresh checksums, so merging a damaged segment would hide its
    /// damage. A damaged source is refused with a corruption error instead.
    /// `extraFields` are the index's extra text fields; documents compressed again (those of
    /// segments with deletions) are compressed at `storeCompression`.
    static func merge(_ infos: [Manifest.SegmentInfo], into name: String, directory: IndexDirectory,
                      extraFields: [String] = [], storeCompression: StoreCompression = .fast) throws -> Manifest.SegmentInfo {
        for info in infos { try verifyFiles(of: info, in: directory) }
        let readers = try infos.map { try SegmentReader(directory: directory, info: $0, extraFields: extraFields) }
        return try merge(readers, into: name, directory: directory, storeCompression: storeCompression)
    }

    /// Checks the header, footer and checksum of each of a segment's files.
    static func verifyFiles(of info: Manifest.SegmentInfo, in directory: IndexDirectory) throws {
        for kind in FileFormat.segmentFileKinds {
            let name = info.name + "." + kind.fileExtension
            if !directory.exists(name) { throw QuarryError.corruptIndex("segment file \(name) is missing; not merging") }
            let file = try MappedFile(path: directory.filePath(name))
            do {
                _ = try FileFormat.validate(file.bytes, kind: kind, name: name, verifyChecksum: true)
            } catch QuarryError.corruptIndex(let message) {
                throw QuarryError.corruptIndex("\(message); refusing to merge a damaged segment (see `quarry check`)")
            }
        }
        if let name = info.deletionsFileName {
            let file = try MappedFile(path: directory.filePath(name))
            do {
                _ = try FileFormat.validate(file.bytes, kind: .deletions, name: name, verifyChecksum: true)
            } catch QuarryError.corruptIndex(let message) {
                throw QuarryError.corruptIndex("\(message); refusing to merge a damaged segment (see `quarry check`)")
            }
        }
    }

    /// Per segment: each document's number in the merged segment, or `dropped` for a deleted one
    /// (nil for a segment without deletions, whose documents follow on from `bases`).
    static let dropped = UInt32.max

    static func merge(_ segments: [SegmentReader], into name: String, directory: IndexDirectory,
                      storeCompression: StoreCompression = .fast) throws -> Manifest.SegmentInfo {
        let path = { (kind: FileFormat.Kind) in directory.filePath(name + "." + kind.fileExtension) }
        var bases: [UInt32] = []
        var lengths: [UInt32] = []
        var titleLengths: [UInt32] = []
        var totalTokens: UInt64 = 0
        var totalTitleTokens: UInt64 = 0
        // Every segment of an index has the same extra fields.
        let extraCount = segments.map(\.extraLengths.count).max() ?? 0
        var extraLengths = [[UInt32]](repeating: [], count: extraCount)
        var extraTotals = [UInt64](repeating: 0, count: extraCount)
        var docMaps: [[UInt32]?] = []
        for segment in segments {
            bases.append(UInt32(lengths.count))
            let hasTitles = segment.titleLengths.count == segment.lengths.count
            guard let deletions = segment.deletions else {
                docMaps.append(nil)
                for k in 0..<extraCount {
                    let field = k < segment.extraLengths.count ? segment.extraLengths[k] : UnsafeBufferPointer(start: nil, count: 0)
                    if field.count == segment.lengths.count {
                        extraLengths[k].append(contentsOf: field)
                        for length in field { extraTotals[k] += UInt64(length) }
                    } else {
                        extraLengths[k].append(contentsOf: repeatElement(0, count: segment.lengths.count))
                    }
                }
                lengths.append(contentsOf: segment.lengths)
                if hasTitles {
                    titleLengths.append(contentsOf: segment.titleLengths)
                } else {
                    titleLengths.append(contentsOf: repeatElement(0, count: segment.lengths.count))
                }
                for length in segment.lengths { totalTokens += UInt64(length) }
                if hasTitles { for length in segment.titleLengths { totalTitleTokens += UInt64(length) } }
                continue
            }
            var map = [UInt32](repeating: dropped, count: segment.documentCount)
            for doc in 0..<segment.documentCount where !deletions.contains(UInt32(doc)) {
                map[doc] = UInt32(lengths.count)
                for k in 0..<extraCount {
                    let length = k < segment.extraLengths.count && doc < segment.extraLengths[k].count ? segment.extraLengths[k][doc] : 0
                    extraLengths[k].append(length)
                    extraTotals[k] += UInt64(length)
                }
                lengths.append(segment.lengths[doc])
                titleLengths.append(hasTitles ? segment.titleLengths[doc] : 0)
                totalTokens += UInt64(segment.lengths[doc])
                totalTitleTokens += UInt64(hasTitles ? segment.titleLengths[doc] : 0)
            }
            docMaps.append(map)
        }
        let tables = FieldLengthTables(text: lengths, title: titleLengths, extras: extraLengths)
        var sizes: [String: Int] = [:]

        // The document stores are copied (or, with deletions, recompressed) on a thread of their
        // own while this one merges the postings: the two touch different files and readers.
        let storePath = path(.store)
        let storeCopy = BackgroundTask { try mergeStores(of: segments, to: storePath, compression: storeCompression) }
        do {
            sizes[FileFormat.Kind.lengths.fileExtension] = try SegmentWriter.writeLengths(lengths, titles: titleLengths, extras: extraLengths, to: path(.lengths))

            // Every segment's dictionary in key order, one block at a time; a k-way merge by key.
            var entries = try segments.map { try TermDictionaryEntries($0.dictionary) }
            let postingsFile = try FileWriter(path: path(.postings), kind: .postings)
            let positionsFile = try FileWriter(path: path(.positions), kind: .positions)
            let dictionary = try TermDictionaryWriter(path: path(.terms))
            var encoder = PostingsEncoder()
            var docs: [UInt32] = [], freqs: [UInt32] = []
            var positions = ByteWriter()
            try tables.withTables { lengthsOf in
                while true {
                    var smallest: [UInt8]? = nil
                    for s in 0..<segments.count {
                        guard let key = entries[s].current?.key else { continue }
                        if smallest == nil || key.lexicographicallyPrecedes(smallest!) { smallest = key }
                    }
                    guard let key = smallest else { break }
                    docs.removeAll(keepingCapacity: true)
                    freqs.removeAll(keepingCapacity: true)
                    positions.removeAll()
                    for s in 0..<segments.count where entries[s].current?.key == key {
                        let termInfo = entries[s].current!.info
                        let cursor = try segments[s].cursor(for: termInfo)
                        // Positions are copied as they are (VByte deltas, each document's first absolute):
                        // the kept documents' byte ranges, found by counting values, never decoded.
                        let source = segments[s].positions.bytes
                        let sourceBytes = source.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        let end = source.count - FileFormat.footerSize
                        var at = termInfo.positionsOffset
                        var copyFrom = at
                        while cursor.doc != PostingsCursor.noMore {
                            let merged = docMaps[s].map { $0[Int(cursor.doc)] } ?? bases[s] + cursor.doc
                            guard let after = VarInt.skipExactly(sourceBytes, from: at, end: end, count: Int(cursor.freq)) else {
                                throw QuarryError.corruptIndex("\(segments[s].info.name): positions end before their frequencies say")
                            }
                            if merged == dropped {
                                positions.append(UnsafeRawBufferPointer(rebasing: source[copyFrom..<at]))
                                copyFrom = after
                            } else {
                                docs.append(merged)
                                freqs.append(cursor.freq)
                            }
                            at = after
                            cursor.next()
                        }
                        positions.append(UnsafeRawBufferPointer(rebasing: source[copyFrom..<at]))
                        if cursor.corrupt { throw QuarryError.corruptIndex("\(segments[s].info.name): postings fail their checks") }
                        try entries[s].advance()
                    }
                    // Every document of the term was deleted: the term goes too.
                    if docs.isEmpty { continue }
                    let postingsOffset = postingsFile.position
                    let positionsOffset = positionsFile.position
                    let lengthTable = lengthsOf(key.first ?? SegmentBuffer.textField)
                    let impacts = try positions.bytes.withUnsafeBufferPointer { p in
                        try encoder.encode(docs: docs, freqs: freqs, positions: p, lengths: lengthTable)
                    }
                    try postingsFile.write(encoder.out)
                    try positionsFile.write(positions)
                    var total: UInt64 = 0
                    for f in freqs { total += UInt64(f) }
                    let info = TermInfo(docFreq: docs.count, totalFreq: total, postingsOffset: postingsOffset,
                                        positionsOffset: positionsOffset, impacts: impacts)
                    try key.withUnsafeBufferPointer { try dictionary.add(key: $0, info: info) }
                }
            }
            sizes[FileFormat.Kind.postings.fileExtension] = try postingsFile.finish()
            sizes[FileFormat.Kind.positions.fileExtension] = try positionsFile.finish()
            sizes[FileFormat.Kind.terms.fileExtension] = try dictionary.finish()
        } catch {
            _ = try? storeCopy.wait()  // no file is written after the merge returns
            throw error
        }
        sizes[FileFormat.Kind.store.fileExtension] = try storeCopy.wait()
        return Manifest.SegmentInfo(name: name, documentCount: lengths.count, fieldTokenTotals: [totalTokens, totalTitleTokens, 0] + extraTotals, fileSizes: sizes)
    }

    /// Writes the merged document store: blocks of segments without deletions copied as they
    /// are when their codec is the merged store's, the live documents of the others compressed
    /// again. Returns the file's size.
    private static func mergeStores(of segments: [SegmentReader], to path: String, compression: StoreCompression) throws -> Int {
        let store = try DocumentStoreWriter(path: path, compression: compression)
        for segment in segments {
            if segment.deletions != nil || segment.store.codec != store.codec {
                try segment.store.forEachDocument { doc, stored in
                    if segment.deletions?.contains(UInt32(doc)) == true { return }
                    try store.add(id: stored.id, title: stored.title, body: stored.body, fields: stored.fields.map(\.value))
                }
                continue
            }
            try segment.store.forEachCompressedBlock { bytes, rawLength, documents in
                try store.appendCompressedBlock(bytes, rawLength: rawLength, documents: documents)
            }
        }
        return try store.finish()
    }
}
