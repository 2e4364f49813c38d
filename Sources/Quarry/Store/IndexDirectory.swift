#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder that holds an index: file naming, directory fsync, atomic replacement, the write lock.
struct IndexDirectory: Sendable {
    let path: String
    /// Files that readers take from memory instead of the folder, by name (nil: none). Only the
    /// fuzz fixtures set it, to swap one file of an index per input without writing it to disk or
    /// mapping the others again; `exists`, `map` and `size(of:)` see these files, nothing else does.
    var memoryFiles: [String: MappedFile]?

    static let manifestName = "quarry.manifest"
    static let lockName = "write.lock"
    /// Present from the moment a writer claims an empty folder for a new index until its first
    /// commit: it marks a folder without a manifest as ours (a first run that did not finish).
    static let creatingMarkerName = "quarry.creating"

    init(path: String) {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        self.path = p
    }

    func filePath(_ name: String) -> String { path + "/" + name }

    var manifestPath: String { filePath(Self.manifestName) }

    func exists(_ name: String) -> Bool {
        if memoryFiles?[name] != nil { return true }
        return access(filePath(name), F_OK) == 0
    }

    /// The file `name` for reading: mapped from the folder, or the one in ``memoryFiles``.
    func map(_ name: String) throws -> MappedFile {
        if let file = memoryFiles?[name] { return file }
        return try MappedFile(path: filePath(name))
    }

    var isDirectory: Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the folder (and parents) when missing.
    func create() throws {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw QuarryError.io("cannot create folder \(built): \(String(cString: strerror(errno)))")
            }
        }
        if !isDirectory { throw QuarryError.io("\(path) is a file, not a folder") }
    }

    /// Whether the path names something that is not a folder (a regular file, say).
    var existsAsNonFolder: Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR
    }

    /// Makes sure a folder without a manifest may receive a new index, and marks it as ours.
    ///
    /// The rule: a writer only writes into a folder with no manifest when the folder is empty
    /// (apart from the lock file) or carries the marker of an unfinished first run of ours. Any
    /// other folder holds someone else's files, and since the writer removes leftover files named
    /// like segment files, it refuses the folder rather than risk deleting them.
    func claimForNewIndex() throws {
        // A folder's README and hidden files (`.gitkeep`, …) are never taken for index files, so they
        // do not make a folder foreign (the repository's own `Index/` holds a README).
        let foreign = try fileNames().filter {
            $0 != Self.lockName && $0 != Self.creatingMarkerName && !$0.hasPrefix(".") && !$0.hasPrefix("README")
        }
        if !foreign.isEmpty && !exists(Self.creatingMarkerName) {
            throw QuarryError.notAnIndex("\(path) is not empty and holds no index (it has \(foreign.count) other entries); give a new or empty folder")
        }
        if !exists(Self.creatingMarkerName) {
            let fd = open(filePath(Self.creatingMarkerName), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            if fd < 0 { throw QuarryError.io("cannot create \(filePath(Self.creatingMarkerName)): \(String(cString: strerror(errno)))") }
            close(fd)
            try syncDirectory()
        }
    }

    /// Names of the regular files in the folder.
    func fileNames() throws -> [String] {
        guard let dir = opendir(path) else {
            throw QuarryError.io("cannot list \(path): \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    func size(of name: String) -> Int {
        if let file = memoryFiles?[name] { return file.bytes.count }
        var info = stat()
        return stat(filePath(name), &info) == 0 ? Int(info.st_size) : 0
    }

    /// Flushes the folder's entries (new and renamed files) to disk.
    func syncDirectory() throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw QuarryError.io("cannot open folder \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL {
            throw QuarryError.io("cannot fsync folder \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `bytes` to a temporary file, fsyncs it, renames it over `name` and fsyncs the folder.
    /// Readers see either the old file or the new one, never a mix.
    func atomicReplace(_ name: String, with bytes: [UInt8]) throws {
        let temp = filePath(name + ".tmp")
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw QuarryError.io("cannot create \(temp): \(String(cString: strerror(errno)))") }
        var ok = true
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 { if errno == EINTR { continue }; ok = false; break }
                done += n
            }
        }
        if !ok || fsync(fd) != 0 {
            let message = String(cString: strerror(errno))
            close(fd)
            unlink(temp)
            throw QuarryError.io("cannot write \(temp): \(message)")
        }
        close(fd)
        if rename(temp, filePath(name)) != 0 {
            throw QuarryError.io("cannot rename \(temp): \(String(cString: strerror(errno)))")
        }
        try syncDirectory()
    }

    func remove(_ name: String) {
        unlink(filePath(name))
    }
}

/// An exclusive advisory lock on the index folder, held by the one writer.
final class IndexLock {
    private var fd: Int32

    init(directory: IndexDirectory) throws {
        let lockPath = directory.filePath(IndexDirectory.lockName)
        fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw QuarryError.io("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            fd = -1
            throw QuarryError.locked("another writer is using \(directory.path)")
        }
    }

    func release() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
