#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks files and folders in a deterministic order and reports what it finds.
///
/// Each folder's entries are visited in byte-wise order of their paths (a folder sorts as its
/// name followed by `/`, so the whole walk is in byte-wise path order). Hidden entries (names
/// starting with `.`) inside folders are skipped, and so is whatever a `.quarryignore` file in a
/// folder or above it names (see ``IgnoreRules``). Symbolic links are followed; a folder reached a
/// second time (for example through a link loop) is reported once and not walked again.
struct FolderWalker {
    /// Something found during the walk.
    enum Event: Equatable {
        /// A file of a handled kind; `id` is its path relative to the root folder it was found
        /// in, or its file name when it was given directly.
        case file(path: String, id: String, kind: FileKind)
        /// A file with an extension ingest does not handle (inside a folder).
        case ignored(path: String)
        /// A hidden file or folder (inside a folder).
        case hidden(path: String)
        /// A path that could not be walked or is not usable; `missing` marks a given path that does not exist.
        case problem(path: String, reason: String, missing: Bool)
    }

    private struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private struct Entry {
        var name: String
        var sortKey: [UInt8]
        var isDirectory: Bool
        var identity: FileID?
        var failure: String?
    }

    private var visitedFolders: Set<FileID> = []

    /// Walks `paths` in the given order.
    mutating func walk(_ paths: [String], emit: (Event) throws -> Void) throws {
        for path in paths {
            try walkRoot(path, emit: emit)
        }
    }

    private mutating func walkRoot(_ path: String, emit: (Event) throws -> Void) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            let reason = Self.failureReason(path: path, errno: code)
            try emit(.problem(path: path, reason: reason, missing: code == ENOENT && !Self.isSymbolicLink(path)))
            return
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            try enterFolder(path, relative: "", identity: Self.identity(info), rules: IgnoreRules(), emit: emit)
            return
        }
        let name = FileNames.lastComponent(path)
        if let kind = FileKind(fileName: name) {
            try emit(.file(path: path, id: name, kind: kind))
        } else {
            try emit(.problem(path: path, reason: "unsupported file type", missing: false))
        }
    }

    private mutating func enterFolder(_ path: String, relative: String, identity: FileID, rules inherited: IgnoreRules,
                                      emit: (Event) throws -> Void) throws {
        guard visitedFolders.insert(identity).inserted else {
            try emit(.problem(path: path, reason: "folder already visited (symbolic link loop or duplicate)", missing: false))
            return
        }
        let entries: [Entry]
        switch Self.readEntries(of: path) {
        case .success(let found): entries = found
        case .failure(let error):
            try emit(.problem(path: path, reason: error.reason, missing: false))
            return
        }
        let prefix = path.hasSuffix("/") ? path : path + "/"
        var rules = inherited
        if entries.contains(where: { $0.name == IgnoreRules.fileName }) {
            // An unreadable ignore file is reported; the folder is still walked with the rules above it.
            do {
                let bytes = try FileAccess.readAll(prefix + IgnoreRules.fileName, limit: 1 << 20)
                rules.add(contentsOf: String(decoding: bytes, as: UTF8.self), base: relative)
            } catch {
                try emit(.problem(path: prefix + IgnoreRules.fileName, reason: error.reason, missing: false))
            }
        }
        for entry in entries {
            let childPath = prefix + entry.name
            if entry.name.hasPrefix(".") {
                try emit(.hidden(path: childPath))
            } else if !rules.isEmpty && rules.ignores(name: entry.name, relative: relative) {
                try emit(.ignored(path: childPath))
            } else if let failure = entry.failure {
                if FileKind(fileName: entry.name) != nil {
                    try emit(.problem(path: childPath, reason: failure, missing: false))
                } else {
                    try emit(.ignored(path: childPath))
                }
            } else if entry.isDirectory, let identity = entry.identity {
                try enterFolder(childPath, relative: relative + entry.name + "/", identity: identity, rules: rules, emit: emit)
            } else if let kind = FileKind(fileName: entry.name) {
                let id = relative + entry.name
                if id.utf8.count > IndexReader.maxLookupIDBytes {
                    // Its id could not be looked up, so a later run could neither replace nor delete it.
                    try emit(.problem(path: childPath, reason: "its path from the indexed folder is longer than \(IndexReader.maxLookupIDBytes) bytes, the longest document id", missing: false))
                } else {
                    try emit(.file(path: childPath, id: id, kind: kind))
                }
            } else {
                try emit(.ignored(path: childPath))
            }
        }
    }

    /// The folder's entries (without `.` and `..`), typed and sorted.
    private static func readEntries(of path: String) -> Result<[Entry], IngestError> {
        guard let folder = opendir(path) else { return .failure(IngestError(errno: errno)) }
        defer { closedir(folder) }
        let prefix = path.hasSuffix("/") ? path : path + "/"
        var entries: [Entry] = []
        while let record = readdir(folder) {
            let nameBytes = withUnsafeBytes(of: record.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            if nameBytes == [0x2E] || nameBytes == [0x2E, 0x2E] { continue }
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                let shown = String(decoding: nameBytes, as: UTF8.self)
                entries.append(Entry(name: shown, sortKey: nameBytes, isDirectory: false, identity: nil,
                                     failure: "file name is not valid UTF-8"))
                continue
            }
            if name.hasPrefix(".") {
                entries.append(Entry(name: name, sortKey: nameBytes, isDirectory: false, identity: nil, failure: nil))
                continue
            }
            var info = stat()
            if stat(prefix + name, &info) == 0 {
                let isDirectory = info.st_mode & S_IFMT == S_IFDIR
                entries.append(Entry(name: name, sortKey: isDirectory ? nameBytes + [0x2F] : nameBytes,
                                     isDirectory: isDirectory, identity: identity(info), failure: nil))
            } else {
                let reason = failureReason(path: prefix + name, errno: errno)
                entries.append(Entry(name: name, sortKey: nameBytes, isDirectory: false, identity: nil, failure: reason))
            }
        }
        entries.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
        return .success(entries)
    }

    private static func identity(_ info: stat) -> FileID {
        FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    private static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// The reason a `stat` of `path` failed; a link to nowhere is called a broken symbolic link.
    private static func failureReason(path: String, errno code: Int32) -> String {
        if code == ENOENT, isSymbolicLink(path) { return "broken symbolic link" }
        return IngestError.reason(forErrno: code)
    }
}
