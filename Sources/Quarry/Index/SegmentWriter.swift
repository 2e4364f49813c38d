/// Turns a ``SegmentBuffer`` into the immutable files of one segment.
///
/// Files: `<name>.terms`, `<name>.postings`, `<name>.positions`, `<name>.lengths`; the document store
/// `<name>.store` is written while documents arrive (see ``IndexWriter``). Every file is fsynced;
/// the segment becomes visible only when a manifest that names it is committed.
enum SegmentWriter {
    /// Writes the segment's files and returns their sizes by file extension.
    static func write(_ buffer: SegmentBuffer, name: String, in directory: IndexDirectory) throws -> [String: Int] {
        var sizes: [String: Int] = [:]
        let path = { (kind: FileFormat.Kind) in directory.filePath(name + "." + kind.fileExtension) }

        sizes[FileFormat.Kind.lengths.fileExtension] = try writeLengths(buffer.lengths, titles: buffer.titleLengths, extras: buffer.extraLengths,
                                                                        to: path(.lengths))
        let tables = FieldLengthTables(text: buffer.lengths, title: buffer.titleLengths, extras: buffer.extraLengths)

        let postingsFile = try FileWriter(path: path(.postings), kind: .postings)
        let positionsFile = try FileWriter(path: path(.positions), kind: .positions)
        let dictionary = try TermDictionaryWriter(path: path(.terms))
        var encoder = PostingsEncoder()
        // Reused for every term: they grow to the largest term's postings and stay allocated.
        var docs: [UInt32] = []
        var freqs: [UInt32] = []
        var positions: [UInt8] = []
        try tables.withTables { lengthsOf in
            // The id field's terms (kept apart from the term table) go between the title's and the
            // extra fields' terms, where their field byte sorts them.
            var idTermsWritten = false
            func writeIDTerms() throws {
                idTermsWritten = true
                let lengths = lengthsOf(SegmentBuffer.idField)
                var key: [UInt8] = [SegmentBuffer.idField]
                try buffer.ids.forEachTerm { id, idDocs in
                    // Frequency 1 and one position, 0 (one VByte zero), in each document.
                    freqs.removeAll(keepingCapacity: true)
                    freqs.append(contentsOf: repeatElement(1, count: idDocs.count))
                    positions.removeAll(keepingCapacity: true)
                    positions.append(contentsOf: repeatElement(0, count: idDocs.count))
                    let postingsOffset = postingsFile.position
                    let positionsOffset = positionsFile.position
                    let impacts = try positions.withUnsafeBufferPointer { positions in
                        let impacts = try encoder.encode(docs: idDocs, freqs: freqs, positions: positions, lengths: lengths)
                        try positionsFile.write(UnsafeRawBufferPointer(positions))
                        return impacts
                    }
                    try postingsFile.write(encoder.out)
                    key.removeSubrange(1...)
                    key.append(contentsOf: id)
                    let info = TermInfo(docFreq: idDocs.count, totalFreq: UInt64(idDocs.count), postingsOffset: postingsOffset,
                                        positionsOffset: positionsOffset, impacts: impacts)
                    try key.withUnsafeBufferPointer { try dictionary.add(key: $0, info: info) }
                }
            }
            let sortedIDs = buffer.terms.sortedIDs()
            for (rank, id) in sortedIDs.enumerated() {
                // Term ids in key order jump around the term table: start loading a later term's state.
                if rank + Self.prefetchDistance < sortedIDs.count { buffer.prefetchPostings(term: sortedIDs[rank + Self.prefetchDistance]) }
                let field = buffer.terms.withKey(id) { $0.first ?? SegmentBuffer.textField }
                if !idTermsWritten && field > SegmentBuffer.idField { try writeIDTerms() }
                // Impacts pair frequencies with the lengths of the term's own field.
                let lengths = lengthsOf(field)
                let postingsOffset = postingsFile.position
                let positionsOffset = positionsFile.position
                let totalFreq = buffer.readPostings(term: id, docs: &docs, freqs: &freqs, positions: &positions)
                let impacts = try positions.withUnsafeBufferPointer { positions in
                    let impacts = try encoder.encode(docs: docs, freqs: freqs, positions: positions, lengths: lengths)
                    try positionsFile.write(UnsafeRawBufferPointer(positions))
                    return impacts
                }
                try postingsFile.write(encoder.out)
                let info = TermInfo(docFreq: docs.count, totalFreq: totalFreq, postingsOffset: postingsOffset,
                                    positionsOffset: positionsOffset, impacts: impacts)
                try buffer.terms.withKey(id) { try dictionary.add(key: $0, info: info) }
            }
            if !idTermsWritten { try writeIDTerms() }
        }
        sizes[FileFormat.Kind.postings.fileExtension] = try postingsFile.finish()
        sizes[FileFormat.Kind.positions.fileExtension] = try positionsFile.finish()
        sizes[FileFormat.Kind.terms.fileExtension] = try dictionary.finish()
        return sizes
    }

    /// How many terms ahead the writer starts loading a term's state.
    private static let prefetchDistance = 4

    /// Writes a `.lengths` file: document count u32, field count u32 (2 + extra fields), then one
    /// u32 per document for the text field, one per document for the title field, and likewise for
    /// each extra field in order. Returns the file's size.
    static func writeLengths(_ lengths: [UInt32], titles: [UInt32], extras: [[UInt32]] = [], to path: String) throws -> Int {
        precondition(titles.count == lengths.count && extras.allSatisfy { $0.count == lengths.count }, "one length per document and field")
        let file = try FileWriter(path: path, kind: .lengths)
        var bytes = ByteWriter(capacity: lengths.count * 4 * (2 + extras.count) + 8)
        bytes.u32(UInt32(lengths.count))
        bytes.u32(UInt32(2 + extras.count))  // field count: text, title, extras
        for length in lengths { bytes.u32(length) }
        for length in titles { bytes.u32(length) }
        for field in extras { for length in field { bytes.u32(length) } }
        try file.write(bytes)
        return try file.finish()
    }
}
