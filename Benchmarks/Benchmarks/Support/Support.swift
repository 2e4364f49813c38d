// Shared helpers for the Quarry benchmark suites: locating the sample corpus, deterministic text,
// temporary indexes, fixed query sets, and a clock for the suites' own rate metrics.
//
// Only Quarry's public API is used here.

import Benchmark
import Foundation
import Quarry

// MARK: Paths

public enum BenchPaths {
    /// The repository root: the folder above this benchmark package.
    ///
    /// Found from the working folder (`swift package benchmark` runs in `Benchmarks/`) or, failing
    /// that, from this source file's location at build time. `QUARRY_REPO` overrides both.
    public static let repository: String = {
        let fm = FileManager.default
        if let root = ProcessInfo.processInfo.environment["QUARRY_REPO"], !root.isEmpty { return root }
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath)
        for candidate in [cwd.deletingLastPathComponent(), cwd] where isRepository(candidate) {
            return candidate.standardizedFileURL.path
        }
        // Support.swift sits in <repo>/Benchmarks/Benchmarks/Support/.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.standardizedFileURL.path
    }()

    private static func isRepository(_ url: URL) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: url.appendingPathComponent("Corpus/seed-article.txt").path)
            && fm.fileExists(atPath: url.appendingPathComponent("Benchmarks/Package.swift").path)
    }

    /// The bundled sample corpus (`Corpus/`; `QUARRY_CORPUS` overrides it).
    public static var corpus: String {
        if let path = ProcessInfo.processInfo.environment["QUARRY_CORPUS"], !path.isEmpty { return path }
        return repository + "/Corpus"
    }

    /// The shared peer scripts and queries (`QUARRY_PEERS`, default `../shared/peers` next to the
    /// repository), as in build-corpus.sh and compare-peers.sh. May not exist.
    public static var peers: String {
        if let path = ProcessInfo.processInfo.environment["QUARRY_PEERS"], !path.isEmpty { return path }
        return repository + "/../shared/peers"
    }

    /// Every file under `folder` whose name ends with `suffix`, sorted bytewise by path.
    public static func files(under folder: String, suffix: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(suffix) { found.append(folder + "/" + relative) }
        }
        return found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}

// MARK: Temporary folders

/// Temporary index folders, removed when the process exits.
public enum TemporaryFolders {
    nonisolated(unsafe) private static var created: [String] = []
    private static let lock = NSLock()

    /// A new, empty folder under the system's temporary folder.
    public static func make(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-bench-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        lock.lock()
        if created.isEmpty { atexit { TemporaryFolders.removeAll() } }
        created.append(path)
        lock.unlock()
        return path
    }

    static func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for path in created { try? FileManager.default.removeItem(atPath: path) }
        created.removeAll()
    }
}

// MARK: Text

public enum CorpusText {
    /// The visible text of the sample corpus, deterministic: the seed article, then every HTML page
    /// (python-docs/, then postgresql-docs/, each sorted by path) through Quarry's own HTML extractor,
    /// one paragraph each.
    public static func pages() throws -> [String] {
        let corpus = BenchPaths.corpus
        var texts = [try String(contentsOfFile: corpus + "/seed-article.txt", encoding: .utf8)]
        for folder in ["python-docs", "postgresql-docs"] {
            for path in BenchPaths.files(under: corpus + "/" + folder, suffix: ".html") {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                let page = try HTMLExtractor.extract(bytes, fileName: (path as NSString).lastPathComponent)
                texts.append(page.title + "\n" + page.body)
            }
        }
        guard texts.count > 1 else { throw BenchError("no HTML pages under \(corpus)") }
        return texts
    }

    /// Exactly `bytes` bytes of UTF-8 English text: the corpus pages joined by blank lines, repeated
    /// from the start if they run out, cut at the last ASCII space or newline before the limit and
    /// padded with spaces (so no character is split).
    public static func english(bytes: Int) throws -> [UInt8] {
        let pages = try pages()
        var out: [UInt8] = []
        out.reserveCapacity(bytes + 1 << 16)
        var i = 0
        while out.count < bytes {
            out.append(contentsOf: pages[i % pages.count].utf8)
            out.append(contentsOf: "\n\n".utf8)
            i += 1
        }
        var cut = bytes
        while cut > 0 && out[cut - 1] != 0x20 && out[cut - 1] != 0x0A { cut -= 1 }
        out.removeSubrange(cut...)
        out.append(contentsOf: repeatElement(0x20, count: bytes - cut))
        return out
    }
}

// MARK: Indexes

public enum TestIndexes {
    /// Indexes the sample corpus (`Corpus/`) into a temporary folder, merged to one segment, the way
    /// `quarry index` does, and opens a searcher on it.
    public static func corpus() throws -> Searcher {
        let folder = try TemporaryFolders.make("corpus")
        let builder = IndexBuilder(paths: [BenchPaths.corpus], indexPath: folder)
        let summary = try builder.run(onSkip: { _, _ in }, onProgress: { _ in })
        guard summary.progress.documents > 0 else { throw BenchError("nothing indexed from \(BenchPaths.corpus)") }
        return try Searcher(indexPath: folder)
    }
}

// MARK: Queries

public enum QuerySets {
    /// Two- and three-word queries about the Python and PostgreSQL documentation in `Corpus/`, with
    /// words common to both, frequent ones and rarer ones. Used by every mode (phrase mode quotes them).
    public static let builtIn: [String] = [
        "regular expression",
        "data type",
        "default value",
        "string format",
        "unicode character",
        "thread safe",
        "connection pool",
        "foreign key constraint",
        "primary key",
        "python interpreter",
        "standard library",
        "error message",
        "return value",
        "file object",
        "query planner",
        "index scan",
        "transaction isolation level",
        "write ahead log",
        "shared memory",
        "command line",
        "exception handling",
        "dictionary keys",
        "binary data",
        "text search",
        "table partition",
        "time zone",
        "keyword arguments",
        "search path",
        "socket server",
        "floating point numbers",
    ]

    /// The first `count` non-empty lines of `<peers>/queries/<file>`, or nil if the file is missing.
    public static func peer(_ file: String, count: Int = 30) -> [String]? {
        let path = BenchPaths.peers + "/queries/" + file
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return lines.isEmpty ? nil : Array(lines.prefix(count))
    }
}

// MARK: Running

/// Hands out the items of a fixed list in turn, one per benchmark iteration.
public final class RoundRobin<Element>: @unchecked Sendable {
    public let items: [Element]
    private var index = 0

    public init(_ items: [Element]) {
        precondition(!items.isEmpty, "RoundRobin needs at least one item")
        self.items = items
    }

    @inline(__always)
    public func next() -> Element {
        let item = items[index]
        index = index + 1 == items.count ? 0 : index + 1
        return item
    }
}

/// Monotonic nanoseconds, for the suites' own per-item rates (custom metrics).
@inline(__always)
public func nanoseconds() -> UInt64 {
    DispatchTime.now().uptimeNanoseconds
}

/// A custom metric whose larger values are better and that does not scale with `scalingFactor`.
public func rateMetric(_ name: String) -> BenchmarkMetric {
    .custom(name, polarity: .prefersLarger, useScalingFactor: false)
}

public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
