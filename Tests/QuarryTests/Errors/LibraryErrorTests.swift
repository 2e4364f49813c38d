import Foundation
import Testing
@testable import Quarry

/// Opening, checking and searching missing, foreign or damaged indexes through the library.
@Suite("Errors: library")
struct LibraryErrorTests {
    static func isNotAnIndex(_ error: (any Error)?) -> Bool {
        if case .notAnIndex = error as? QuarryError { return true }
        return false
    }

    static func isCorrupt(_ error: (any Error)?) -> Bool {
        switch error as? QuarryError {
        case .corruptIndex, .unsupportedVersion: return true
        default: return false
        }
    }

    /// The error `body` throws, or nil when it returns.
    static func thrown(_ body: () throws -> Any) -> (any Error)? {
        do { _ = try body(); return nil } catch { return error }
    }

    static func isBadQuery(_ error: (any Error)?) -> Bool {
        if case .badQuery = error as? QuarryError { return true }
        return false
    }

    @Test func missingFolder() throws {
        let dir = TemporaryDirectory("quarry-lib-errors")
        let missing = dir.sub("absent/index")
        #expect(Self.isNotAnIndex(Self.thrown { try IndexReader(path: missing) }))
        #expect(Self.isNotAnIndex(Self.thrown { try Searcher(indexPath: missing) }))
        #expect(Self.isNotAnIndex(Self.thrown { try IndexChecker(path: missing).run() }))
        #expect(!FileManager.default.fileExists(atPath: dir.sub("absent")), "readers never create folders")
        do {
            _ = try IndexReader(path: missing)
        } catch {
            #expect("\(error)".contains(missing), "the message names the folder: \(error)")
        }
    }

    @Test func folderWithoutManifest() throws {
        let dir = TemporaryDirectory("quarry-lib-errors")
        try Fixture.write("hello", to: dir.sub("other/a.txt"))
        #expect(Self.isNotAnIndex(Self.thrown { try IndexReader(path: dir.sub("other")) }))
        #expect(Self.isNotAnIndex(Self.thrown { try IndexChecker(path: dir.sub("other")).run() }))
        // Segment files without a manifest are not an index either.
        let index = dir.sub("index")
        try Fixture.buildIndex(at: index)
        try FileManager.default.removeItem(atPath: index + "/quarry.manifest")
        #expect(Self.isNotAnIndex(Self.thrown { try Searcher(indexPath: index) }))
    }

    /// Every single-byte change and every truncation of the manifest is detected, never read as valid.
    @Test func everyManifestDamageIsDetected() throws {
        let dir = TemporaryDirectory("quarry-lib-errors")
        let index = dir.sub("index")
        try Fixture.buildIndex(at: index)
        let path = index + "/quarry.manifest"
        let original = try Fixture.contents(path)
        #expect(try IndexReader(path: index).documentCount == Fixture.documents.count)
        var undetected: [String] = []
        for offset in original.indices {
            var damaged = original
            damaged[offset] ^= 0x01
            try Fixture.write(damaged, to: path)
            do {
                _ = try IndexReader(path: index)
                undetected.append("bit flip at \(offset)")
            } catch {
                if !Self.isCorrupt(error) { undetected.append("flip at \(offset): \(error)") }
            }
        }
        for length in 0..<original.count {
            try Fixture.write(Array(original.prefix(length)), to: path)
            do {
                _ = try IndexReader(path: index)
                undetected.append("truncation to \(length)")
            } catch {
                if !Self.isCorrupt(error) { undetected.append("truncation to \(length): \(error)") }
            }
        }
        // Extra bytes after the footer.
        try Fixture.write(original + [0], to: path)
        #expect(throws: (any Error).self) { try IndexReader(path: index) }
        #expect(undetected.isEmpty, "\(undetected)")
        try Fixture.write(original, to: path)
        #expect(try IndexReader(path: index).documentCount == Fixture.documents.count)
    }

    @Test func corruptManifestMessage() throws {
        let dir = TemporaryDirectory("quarry-lib-errors")
        let index = dir.sub("index")
        try Fixture.buildIndex(at: index)
        let path = index + "/quarry.manifest"
        try Fixture.flipByte(in: path, at: try Fixture.fileSize(path) / 2)
        do {
            _ = try Searcher(indexPath: index)
            Issue.record("a manifest with a flipped byte was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains("corrupt") && message.contains("checksum") && message.contains("quarry.manifest"), "\(message)")
        }
    }

    /// The checker names the damaged file for a byte flipped anywhere in the body of any segment file.
    @Test(arguments: ["postings", "positions", "terms", "lengths", "store"])
    func checkerNamesEveryDamagedSegmentFile(kind: String) throws {
        let dir = TemporaryDirectory("quarry-lib-errors")
        let index = dir.sub("index")
        let files = try Fixture.buildIndex(at: index)
        let name = try #require(files.first { $0.hasSuffix("." + kind) })
        let path = index + "/" + name
        let original = try Fixture.contents(path)
        #expect(try IndexChecker(path: index).run().isHealthy)
        var missed: [Int] = []
        // Every byte, header and footer included.
        for offset in original.indices {
            var damaged = original
            damaged[offset] ^= 0x10
            try Fixture.write(damaged, to: path)
            let report = try IndexChecker(path: index).run()
            if !report.problems.contains(where: { $0.hasPrefix(name) }) { missed.append(offset) }
        }
        #expect(missed.isEmpty, "\(name): damage at offsets \(missed) not reported")
        try Fixture.write(original, to: path)
        #expect(try IndexChecker(path: index).run().isHealthy)
    }

    /// Searching an index with any one byte of a segment file damaged either works or throws a
    /// ``QuarryError``: it never traps (a trap would take the whole test process down) and never
    /// spins (a watchdog turns a hang into a failure naming the damaged byte).
    @Test(arguments: ["postings", "positions", "lengths"])
    func searchingDamagedSegmentsNeverTraps(kind: String) async throws {
        try await Self.searchEveryDamagedByte(of: kind)
    }

    /// The same for the document store and the term dictionary, whose block indexes and trailers hold
    /// u64 offsets: a flipped high byte makes `Int(try r.u64())` trap in `DocumentStoreReader` and
    /// `TermDictionaryReader` while the segment is opened (no checksum is verified there), which
    /// crashes `quarry search`, `stats` and even `check`. Reproduction through the CLI:
    /// ``CLIErrorTests/damagedOffsetInStoreOrTermsDoesNotCrash(kind:)``.
    @Test(arguments: ["store", "terms"])
    func searchingDamagedStoreAndTermsNeverTraps(kind: String) async throws {
        try await Self.searchEveryDamagedByte(of: kind)
    }

    static func searchEveryDamagedByte(of kind: String) async throws {
        let dir = TemporaryDirectory("quarry-lib-errors")
        let index = dir.sub("index")
        let files = try Fixture.buildIndex(at: index)
        let name = try #require(files.first { $0.hasSuffix("." + kind) })
        let path = index + "/" + name
        let original = try Fixture.contents(path)
        let queries: [(String, Query.Mode)] = [("granite river", .any), ("granite masons", .all), ("\"granite quarry\" workers", .any),
                                               ("\"the harbour\"", .all), ("blocks barges cranes marble union", .any)]
        let step = Watchdog.Step()
        // About 20 s alone; the whole suite in parallel on two cores can take several times that.
        let outcome = await Watchdog.run(seconds: 300) { () throws -> [String] in
            var foreign: [String] = []
            for offset in original.indices {
                for mask: UInt8 in [0x01, 0xFF] {
                    var damaged = original
                    damaged[offset] ^= mask
                    try Fixture.write(damaged, to: path)
                    do {
                        let searcher = try Searcher(indexPath: index)
                        for (text, mode) in queries {
                            step.set("\(name) byte \(offset) XOR \(mask), query \(text) (\(mode))")
                            let results = try searcher.search(text, options: SearchOptions(limit: 10, mode: mode))
                            for hit in results.hits { _ = try searcher.document(hit) }
                            _ = try searcher.count(text)
                            _ = try searcher.search(text, options: SearchOptions(limit: 3, mode: mode, countTotal: false))
                        }
                    } catch is QuarryError {
                        // A clean refusal.
                    } catch {
                        foreign.append("offset \(offset) mask \(mask): \(type(of: error)) \(error)")
                    }
                }
            }
            return foreign
        }
        switch outcome {
        case .finished(let foreign):
            #expect(foreign.isEmpty, "errors that are not QuarryError: \(foreign.prefix(5))")
        case .threw(let error):
            throw error
        case .timedOut:
            Issue.record("searching a damaged index did not finish within 300 s; stuck at: \(step.get())")
        }
        withExtendedLifetime(dir) {}
    }

    @Test(arguments: ["postings", "positions", "terms", "lengths", "store"])
    func truncatedSegmentFileIsRejectedOnOpen(kind: String) throws {
        let dir = TemporaryDirectory("quarry-lib-errors")
        let index = dir.sub("index")
        let files = try Fixture.buildIndex(at: index)
        let name = try #require(files.first { $0.hasSuffix("." + kind) })
        let path = index + "/" + name
        let original = try Fixture.contents(path)
        for length in [0, 5, 12, original.count / 2, original.count - 8, original.count - 1] {
            try Fixture.write(Array(original.prefix(length)), to: path)
            let error = Self.thrown { try IndexReader(path: index) }
            #expect(Self.isCorrupt(error) && "\(error.map { "\($0)" } ?? "")".contains(name), "\(name) truncated to \(length): \(String(describing: error))")
            let report = try IndexChecker(path: index).run()
            #expect(report.problems.contains { $0.hasPrefix(name) }, "\(name) truncated to \(length): \(report.problems)")
        }
    }

    @Test(arguments: ["", "?!", "  \t ", "\"\"", "...", "\" \""])
    func queriesWithoutWordsAreRejected(query: String) throws {
        let dir = TemporaryDirectory("quarry-lib-errors")
        try Fixture.buildIndex(at: dir.path)
        let searcher = try Searcher(indexPath: dir.path)
        for mode in [Query.Mode.any, .all] {
            #expect(Self.isBadQuery(Self.thrown { try searcher.search(query, options: SearchOptions(mode: mode)) }))
        }
        #expect(Self.isBadQuery(Self.thrown { try searcher.count(query) }))
    }
}

/// Runs blocking work on its own thread and gives up waiting after a deadline, so a search that
/// loops forever fails its test instead of hanging the whole run (the thread is left behind).
enum Watchdog {
    enum Outcome<T: Sendable>: Sendable {
        case finished(T)
        case threw(any Error)
        case timedOut
    }

    /// The last step the work reported, for the failure message.
    final class Step: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var text = "(not started)"
        func set(_ s: String) { lock.lock(); text = s; lock.unlock() }
        func get() -> String { lock.lock(); defer { lock.unlock() }; return text }
    }

    private final class Box<T: Sendable>: @unchecked Sendable {
        // Guarded by `lock`; resumed at most once.
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Outcome<T>, Never>?
        init(_ c: CheckedContinuation<Outcome<T>, Never>) { continuation = c }
        func resume(_ outcome: Outcome<T>) {
            lock.lock()
            let c = continuation
            continuation = nil
            lock.unlock()
            c?.resume(returning: outcome)
        }
    }

    static func run<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () throws -> T) async -> Outcome<T> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Outcome<T>, Never>) in
            let box = Box(continuation)
            let thread = Thread {
                do { box.resume(.finished(try work())) } catch { box.resume(.threw(error)) }
            }
            thread.stackSize = 8 << 20
            thread.start()
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { box.resume(.timedOut) }
        }
    }
}
