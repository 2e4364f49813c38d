/// Keeps an index in line with its source files during an indexing run: records what each file
/// produced in the new ``SourceCatalog`` and, when mirroring, deletes the documents of records and
/// files that are gone.
struct SourceTracker {
    /// The catalog to commit: the previous one with this run's files applied.
    private(set) var catalog: SourceCatalog
    private let removesMissing: Bool
    /// Files seen in this run (read or unchanged).
    private var seen: Set<String> = []
    /// The file being read and the ids of its documents so far.
    private var current: (file: SourceFile, ids: [String])?
    /// The file being read broke off partway (a damaged `.jsonl.gz`): it deletes nothing.
    private var currentIsDamaged = false
    /// Hashes of the ids of the documents this run indexed: never deleted as leftovers.
    private var producedIDs: Set<UInt64> = []

    init(previous: SourceCatalog, removesMissing: Bool) {
        catalog = previous
        self.removesMissing = removesMissing
    }

    private static func hash(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { SourceFileState.hash(UnsafeRawBufferPointer($0)) }
    }

    mutating func produced(_ id: String) {
        producedIDs.insert(Self.hash(id))
        current?.ids.append(id)
    }

    /// The file being read was damaged partway: the records after the damage were not read, so
    /// none of its earlier records may be taken for gone.
    mutating func currentFileIsDamaged() {
        currentIsDamaged = true
    }

    mutating func begin(_ file: SourceFile, writer: IndexWriter, progress: inout IndexBuilder.Progress) throws {
        try finishFile(writer: writer, progress: &progress)
        seen.insert(file.id)
        current = (file, [])
    }

    /// The file being read was hashed as it was read: its entry records `hash`.
    mutating func hashed(id: String, hash: UInt64) {
        if current?.file.id == id { current?.file.hash = hash }
    }

    mutating func unchanged(_ file: SourceFile, writer: IndexWriter, progress: inout IndexBuilder.Progress) throws {
        try finishFile(writer: writer, progress: &progress)
        seen.insert(file.id)
        guard var entry = catalog.entries[file.id] else { return }
        entry.size = file.size
        entry.modifiedNanoseconds = file.modifiedNanoseconds
        entry.hash = file.hash
        catalog.entries[file.id] = entry
        progress.unchangedFiles += 1
        progress.unchanged += entry.documentIDs.count
    }

    /// Ends the run: when mirroring, deletes the documents of files no longer found.
    mutating func finish(writer: IndexWriter, progress: inout IndexBuilder.Progress) throws {
        try finishFile(writer: writer, progress: &progress)
        guard removesMissing else { return }
        for key in catalog.entries.keys.sorted() where !seen.contains(key) {
            try delete(catalog.entries[key]!.documentIDs, writer: writer, progress: &progress)
            catalog.entries[key] = nil
        }
    }

    /// Records the file just read. A file that produced nothing (unreadable, now binary…) keeps
    /// its entry and its documents: a bad read must not lose what was indexed.
    private mutating func finishFile(writer: IndexWriter, progress: inout IndexBuilder.Progress) throws {
        guard let (currentFile, ids) = current else { return }
        var file = currentFile
        let damaged = currentIsDamaged
        current = nil
        currentIsDamaged = false
        guard !ids.isEmpty else { return }
        let old = catalog.entries[file.id]?.documentIDs ?? []
        var kept = ids
        if damaged { file.hash = 0 }  // read it again next time
        if !old.isEmpty {
            let now = Set(ids)
            let gone = old.filter { !now.contains($0) }
            if removesMissing && !damaged {
                try delete(gone, writer: writer, progress: &progress)
            } else {
                kept += gone  // appending deletes nothing: the records stay, and stay this file's
            }
        }
        catalog.entries[file.id] = SourceCatalog.Entry(size: file.size, modifiedNanoseconds: file.modifiedNanoseconds,
                                                       hash: file.hash, documentIDs: kept)
    }

    private func delete(_ ids: [String], writer: IndexWriter, progress: inout IndexBuilder.Progress) throws {
        for id in ids where !producedIDs.contains(Self.hash(id)) {
            if try writer.delete(id: id) { progress.deleted += 1 }
        }
    }
}
