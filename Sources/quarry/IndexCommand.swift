import QuarryJSON
import ArgumentParser
import Foundation
import Quarry

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index files and folders (.txt .md .text .html .htm .xhtml .jsonl .jsonl.gz).",
        discussion: """
            Folders are walked recursively in a fixed order. On an existing index, brings it in line \
            with the paths: new files are added, changed files (size and time, then content) indexed \
            again, files no longer found deleted, unchanged files not read. --append adds and updates \
            without deleting; --rebuild starts afresh. The previous commit stays readable until the \
            new one is committed.
            """
    )

    @Argument(help: "Files or folders to index.")
    var paths: [String] = ["Corpus"]

    @OptionGroup var location: IndexLocation

    @Flag(help: "Add new and changed files to the existing index without deleting the documents of files not given.")
    var append = false

    @Flag(help: "Build a new index from the paths alone, replacing the existing one when committed.")
    var rebuild = false

    @Option(parsing: .unconditional, help: "Memory for buffered postings before a segment is written, in MB.")
    var memoryMb: Int = 1024

    @Option(parsing: .unconditional, help: "Threads that analyse and index documents, each building its own segments (default: one per core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Keep the segments as written: a new index of up to 256 MB is not merged into one segment, an update merges nothing.")
    var noMerge = false

    @Flag(help: "Print one JSON object with the run's figures instead of the summary line.")
    var json = false

    @Option(help: "Analyzer of a new index: plain (words, lowercase, no accents; the default) or english (plain + possessives removed + Porter2 stemming). An appended index keeps its own.")
    var analyzer: String?

    @Option(help: "Stopword list to remove from a new index and its queries: english (the default with --analyzer english) or none.")
    var stopwords: String?

    @Option(name: .customLong("field"), help: ArgumentHelp("A JSON Lines member to index and store as an extra text field, searched as NAME:word (repeat for more). A string array is joined with spaces; a missing or other value leaves the field empty. An existing index keeps its fields; other --field values rebuild it.", valueName: "name"))
    var fields: [String] = []

    @Option(help: ArgumentHelp("How the document store is compressed: compact (the default: DEFLATE with Quarry's own fast parse, a quarter smaller than fast), fast (LZ4-style: the fastest indexing and reads, the largest store), high (LZ4-style with hash chains and lazy matching: smaller than fast, slower indexing, reads as fast) or deflate (zlib level 6: the smallest store, much slower indexing). Kept by the index for its merges and later runs; an existing index keeps its own unless given.", valueName: "level"))
    var storeCompression: String?

    /// The level named by --store-compression, or nil when not given.
    func storeCompressionLevel() throws -> StoreCompression? {
        try storeCompression.map { text in
            guard let level = StoreCompression(rawValue: text.lowercased()) else {
                throw ValidationError("unknown store compression \"\(text)\"; use one of: \(StoreCompression.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return level
        }
    }

    /// The analyzer settings from --analyzer and --stopwords.
    func analyzerSettings() throws -> AnalyzerSettings {
        let name = try analyzer.map { text -> AnalyzerName in
            guard let name = AnalyzerName(rawValue: text.lowercased()) else {
                throw ValidationError("unknown analyzer \"\(text)\"; use one of: \(AnalyzerName.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return name
        } ?? .plain
        // Like Lucene's English analyzer, `english` removes English stopwords unless told otherwise:
        // measured on the judged collections, they lift both nDCG@10 and MAP (see the README).
        var list: StopwordList? = name == .english ? .english : nil
        if let text = stopwords {
            if text.lowercased() == "none" {
                list = nil
            } else if let named = StopwordList(rawValue: text.lowercased()) {
                list = named
            } else {
                throw ValidationError("unknown stopword list \"\(text)\"; use one of: \(StopwordList.allCases.map(\.rawValue).joined(separator: ", ")), none")
            }
        }
        return AnalyzerSettings(name: name, stopwords: list)
    }

    func validate() throws {
        _ = try analyzerSettings()
        _ = try storeCompressionLevel()
        do {
            try ExtraFields.validate(fields)
        } catch let error as QuarryError {
            if case .badFields(let message) = error { throw ValidationError("--field: \(message)") }
            throw error
        }
        if append && rebuild { throw ValidationError("--append and --rebuild exclude each other") }
        try NumberOptions.check(memoryMb, in: NumberOptions.memoryMB, "--memory-mb")
        try NumberOptions.check(threads, in: NumberOptions.threads, "--threads")
    }

    /// Update the existing index, or build a new one: with --rebuild, when there is none, when
    /// --analyzer or --stopwords ask for other analysis than the index's, when --field asks for
    /// other extra fields than the index's, or when an older version of Quarry wrote it.
    func openMode() throws -> IndexWriter.OpenMode {
        if rebuild || !FileManager.default.fileExists(atPath: location.index + "/quarry.manifest") { return .create }
        let existing: IndexReader
        do {
            existing = try IndexReader(path: location.index)
        } catch QuarryError.unsupportedVersion(let message) {
            Terminal.note("rebuilding the index: \(message)")
            return .create
        } catch {
            throw ValidationError("cannot update the index in \(location.index): \(error); use --rebuild to build it afresh")
        }
        let requested = try analyzerSettings()
        if (analyzer != nil || stopwords != nil) && existing.analyzer.settings != requested {
            Terminal.note("rebuilding the index: it was built with \(existing.analyzer.settings.summary), not \(requested.summary)")
            return .create
        }
        if !fields.isEmpty && existing.extraFieldNames != fields {
            let had = existing.extraFieldNames.isEmpty ? "no extra fields" : "fields " + existing.extraFieldNames.joined(separator: ", ")
            Terminal.note("rebuilding the index: it has \(had), not \(fields.joined(separator: ", "))")
            return .create
        }
        return .append
    }

    func run() throws {
        try reportingErrors(json: json) {
            // A missing input is reported and skipped; only when none is left does the run stop.
            let found = paths.filter { FileManager.default.fileExists(atPath: $0) }
            if found.isEmpty { throw ValidationError("no such file or folder: \(paths.joined(separator: ", "))") }
            for path in paths where !found.contains(path) { Terminal.warning("skipped \(path): no such file or folder") }
            let mode = try openMode()
            // A new index is merged into one segment while small (a large one keeps its threads'
            // segments); an update only merges segments of similar size (so one changed file does
            // not rewrite the index); --no-merge merges nothing.
            var builder = IndexBuilder(paths: found, indexPath: location.index, mode: mode,
                                       memoryBudget: memoryMb << 20, mergeToOneSegment: !noMerge && mode == .create,
                                       settings: try analyzerSettings())
            if noMerge { builder.mergePolicy = nil }
            builder.threads = threads
            builder.storeCompression = try storeCompressionLevel()
            if !fields.isEmpty { builder.extraFields = fields }
            // Without every path, files under a missing one would look deleted: delete nothing then.
            builder.removesMissing = !append && found.count == paths.count
            if builder.mode == .append && !append && found.count != paths.count {
                Terminal.warning("not deleting the documents of files that were not found, as some paths are missing")
            }
            let showProgress = Terminal.stderrIsTerminal
            var lastStatus = 0.0
            let warnings = SkipReporter(beforePrinting: { if showProgress { Terminal.clearStatus() } })
            let summary = try builder.run(
                onSkip: { source, reason in warnings.skipped(source, reason: reason) },
                onDamaged: { source, reason in warnings.damaged(source, reason: reason) },
                onProgress: { p in
                    guard showProgress, p.seconds >= 1, p.seconds - lastStatus >= 0.25 else { return }
                    lastStatus = p.seconds
                    Terminal.status(String(format: "%d documents, %.1f MB, %.0f docs/s, %.1f s",
                                           p.documents, Double(p.textBytes) / 1e6, Double(p.documents) / p.seconds, p.seconds))
                })
            warnings.finishFile()
            if showProgress { Terminal.clearStatus() }
            if json {
                Terminal.printJSON(Self.report(summary))
            } else {
                print(summaryLine(summary))
                if summary.progress.replacedInvalid > 0 {
                    print("Replaced \(summary.progress.replacedInvalid) invalid UTF-8 sequences with U+FFFD.")
                }
                if summary.mode == .create && summary.progress.updated > 0 {
                    print("\(summary.progress.updated) of them replaced a document with the same id earlier in the input.")
                }
            }
        }
    }

    /// The one-line summary. A new index is compared with the text indexed; an appended one is
    /// not, since the run's text is only part of what the index holds.
    func summaryLine(_ summary: IndexBuilder.Summary) -> String {
        let p = summary.progress
        let mb = Double(p.textBytes) / 1e6
        let damaged = p.damaged == 0 ? "" : ", \(p.damaged) damaged file\(p.damaged == 1 ? "" : "s")"
        let head = String(format: "%@ %d document%@ (%d skipped%@): %.1f MB of text in %.2f s, %.0f docs/s, %.1f MB/s; ",
                          "Indexed", p.documents, p.documents == 1 ? "" : "s", p.skipped, damaged, mb, p.seconds,
                          Double(p.documents) / p.seconds, mb / p.seconds)
        let size = Double(summary.indexBytes) / 1e6
        let place = SafeText.forTerminal(location.index)
        if summary.mode == .append {
            // An update: what changed, and the index's size (a ratio to this run's text means nothing).
            return String(format: "Updated %@: %d added, %d updated, %d deleted, %d unchanged (%d skipped%@); read %.1f MB of text in %.2f s; index now %.1f MB",
                          place, p.documents - p.updated, p.updated, p.deleted, p.unchanged, p.skipped, damaged, mb, p.seconds, size)
        }
        return head + String(format: "index %.1f MB (%.0f%% of the text) in %@",
                             size, 100 * Double(summary.indexBytes) / max(1, Double(p.textBytes)), place)
    }

    /// The `--json` report, keys in a fixed order.
    static func report(_ summary: IndexBuilder.Summary) -> OrderedJSON {
        let p = summary.progress
        let mb = Double(p.textBytes) / 1e6
        let seconds = max(p.seconds, 1e-9)
        return .object([
            ("docs", .int(p.documents)),
            ("skipped", .int(p.skipped)),
            ("damaged", .int(p.damaged)),
            ("text_mb", .double(round1(mb))),
            ("seconds", .double(round2(p.seconds))),
            ("docs_per_s", .double((Double(p.documents) / seconds).rounded())),
            ("mb_per_s", .double(round2(mb / seconds))),
            ("index_mb", .double(round1(Double(summary.indexBytes) / 1e6))),
            ("segments", .int(summary.segments)),
            ("replaced_invalid_utf8", .int(p.replacedInvalid)),
            ("added", .int(p.documents - p.updated)),
            ("updated", .int(p.updated)),
            ("deleted", .int(p.deleted)),
            ("unchanged", .int(p.unchanged)),
        ])
    }
}

func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
