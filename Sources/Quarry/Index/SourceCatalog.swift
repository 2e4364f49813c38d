/// What each indexed source file looked like when it was read, and which documents it produced:
/// the memory that lets `quarry index` bring an index in line with its folders without reading
/// unchanged files again.
///
/// File (`sources-<generation>.catalog`, named by the commit that wrote it; the manifest names the
/// current one): the common header; `entryCount u32`; per entry, in key order: the key
/// (length-prefixed: the file's id, its path from the folder it was found in), `size u64`,
/// `modified i64` (nanoseconds since 1970), `hash u64` (of the file's bytes), `documentCount u32`,
/// then that many document ids, front-coded: each is the number of leading bytes it shares with
/// the entry's previous id (VByte; 0 for the first), then the rest of its bytes, length-prefixed
/// (ids such as `doc41`, `doc42` or paths in one folder take a few bytes each); the common footer.
public struct SourceCatalog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var size: Int
        public var modifiedNanoseconds: Int64
        public var hash: UInt64
        /// The ids of the documents the file produced (one for a text or HTML file, one per
        /// record for JSON Lines).
        public var documentIDs: [String]

        public init(size: Int, modifiedNanoseconds: Int64, hash: UInt64, documentIDs: [String]) {
            self.size = size
            self.modifiedNanoseconds = modifiedNanoseconds
            self.hash = hash
            self.documentIDs = documentIDs
        }
    }

    /// Entries by file key.
    public var entries: [String: Entry] = [:]

    public init(entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    static func fileName(generation: UInt64) -> String { "sources-\(generation).catalog" }

    func encoded() -> [UInt8] {
        var w = ByteWriter()
        FileFormat.writeHeader(.catalog, to: &w)
        w.u32(UInt32(entries.count))
        for key in entries.keys.sorted() {
            let entry = entries[key]!
            w.lengthPrefixed(Array(key.utf8))
            w.u64(UInt64(entry.size))
            w.u64(UInt64(bitPattern: entry.modifiedNanoseconds))
            w.u64(entry.hash)
            w.u32(UInt32(entry.documentIDs.count))
            var previous: [UInt8] = []
            for id in entry.documentIDs {
                let bytes = Array(id.utf8)
                var shared = 0
                let limit = min(previous.count, bytes.count)
                while shared < limit && previous[shared] == bytes[shared] { shared += 1 }
                w.vbyte(shared)
                w.lengthPrefixed(bytes[shared...])
                previous = bytes
            }
        }
        return FileFormat.sealed(w)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, name: String) throws -> SourceCatalog {
        let body = try FileFormat.validate(bytes, kind: .catalog, name: name, verifyChecksum: true)
        var r = ByteReader(body, context: name)
        let count = Int(try r.u32())
        var entries: [String: Entry] = [:]
        // Each entry takes at least 29 bytes: a count beyond that is damage, not a reason to loop.
        if count > body.count / 29 { throw QuarryError.corruptIndex("\(name): \(count) entries in \(body.count) bytes") }
        for _ in 0..<count {
            let key = try r.string()
            let size = try r.u64(limit: Int.max)
            let modified = Int64(bitPattern: try r.u64())
            let hash = try r.u64()
            let ids = Int(try r.u32())
            if ids > body.count { throw QuarryError.corruptIndex("\(name): \(ids) document ids for one file") }
            var documentIDs: [String] = []
            documentIDs.reserveCapacity(ids)
            var previous: [UInt8] = []
            for _ in 0..<ids {
                let shared = try r.vint(limit: previous.count)
                let rest = try r.lengthPrefixedBytes()
                previous.removeSubrange(shared...)
                previous.append(contentsOf: rest)
                documentIDs.append(String(decoding: previous, as: UTF8.self))
            }
            if entries.updateValue(Entry(size: size, modifiedNanoseconds: modified, hash: hash, documentIDs: documentIDs), forKey: key) != nil {
                throw QuarryError.corruptIndex("\(name): file \(key.debugDescription) listed twice")
            }
        }
        if !r.isAtEnd { throw QuarryError.corruptIndex("\(name): trailing bytes") }
        return SourceCatalog(entries: entries)
    }

    /// The catalog of the index in `directory` as of `manifest` (empty when it has none).
    static func load(from directory: IndexDirectory, manifest: Manifest) throws -> SourceCatalog {
        guard manifest.catalogGeneration > 0 else { return SourceCatalog() }
        let name = fileName(generation: manifest.catalogGeneration)
        if !directory.exists(name) { throw QuarryError.corruptIndex("source catalog \(name) is missing") }
        let file = try directory.map(name)
        return try decode(file.bytes, name: name)
    }
}
