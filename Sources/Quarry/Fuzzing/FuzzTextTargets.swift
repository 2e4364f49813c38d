import Foundation

/// The fuzz targets of text input: HTML pages, JSON Lines and query text.
enum FuzzTextTargets {
    /// Both analyzers a query or a page can meet.
    static let analyzers = [Analyzer(settings: .plain()), Analyzer(settings: .english(stopwords: .english))]

    /// `HTMLExtractor.extract`, then both analyzers over the title and text. The text must be
    /// collapsed as documented: no whitespace (ASCII or U+00A0) but single spaces between words.
    static func htmlExtractor(_ input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        let page: ExtractedHTML
        do {
            page = try HTMLExtractor.extract(Array(input), fileName: "page.html")
        } catch {
            return .rejected(error.description)
        }
        let body = Array(page.body.utf8)
        if body.first == 0x20 || body.last == 0x20 { throw FuzzFinding("extracted text is not trimmed") }
        for i in body.indices {
            let b = body[i]
            if (b >= 0x09 && b <= 0x0D) || (b == 0x20 && i > 0 && body[i - 1] == 0x20) || (b == 0xA0 && i > 0 && body[i - 1] == 0xC2) {
                throw FuzzFinding("extracted text keeps whitespace byte \(b) at \(i) uncollapsed")
            }
        }
        if page.title.isEmpty && page.titleSource != .fileName { throw FuzzFinding("an empty title from the page") }
        for analyzer in analyzers {
            _ = analyzer.terms(page.title)
            _ = analyzer.terms(page.body)
        }
        return .accepted
    }

    /// Guards the one scratch file of the JSON Lines target.
    private static let linesLock = NSLock()

    /// JSON Lines: `input` is written as a file and read back with the ``LineReader`` (buffer size
    /// and line limit from the first byte, so buffer growth, compaction and over-long lines all
    /// happen), each line parsed by ``JSONLineParser``. The lines must be exactly the input's lines
    /// (a trailing carriage return dropped), and a parsed record must have an id.
    static func jsonLines(_ input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        linesLock.lock()
        defer { linesLock.unlock() }
        let path = FuzzScratch.path("lines.jsonl")
        FuzzScratch.write(Array(input), to: path)
        let setting = Int(input.first ?? 0)
        let reader: LineReader
        do {
            reader = LineReader(stream: try ByteStream(path: path, gzip: false), chunkSize: 1 + setting % 64,
                                maxLineBytes: 16 + (setting >> 6) * 200)
        } catch {
            throw FuzzFinding("cannot open the written input: \(error)")
        }
        let expected = input.split(separator: 0x0A, omittingEmptySubsequences: false)
        var parser = JSONLineParser()
        var lineCount = 0
        var parsed = 0
        while true {
            let line: LineReader.Line?
            do { line = try reader.next() } catch { throw FuzzFinding("reading the written input failed: \(error)") }
            guard let line else { break }
            guard lineCount < expected.count else { throw FuzzFinding("the line reader returns more lines than the input has") }
            var want = expected[lineCount]
            lineCount += 1
            switch line {
            case .tooLong(let count):
                if count != want.count || count <= 16 + (setting >> 6) * 200 {
                    throw FuzzFinding("line \(lineCount): reported too long at \(count) bytes, it has \(want.count)")
                }
            case .text(let bytes):
                if want.last == 0x0D { want = want.dropLast() }
                if !bytes.elementsEqual(want) { throw FuzzFinding("line \(lineCount) is not the input's line") }
                let record: ParsedLine
                do { record = try parser.parse(bytes) } catch { continue }
                if record.id.isEmpty { throw FuzzFinding("line \(lineCount): a record without an id") }
                parsed += 1
            }
        }
        // The input's last line is empty when it ends with a line break (or is empty).
        let lines = expected.last?.isEmpty == true ? expected.count - 1 : expected.count
        if lineCount != lines { throw FuzzFinding("the line reader returned \(lineCount) lines, the input has \(lines)") }
        return parsed > 0 ? .accepted : .rejected("no record")
    }

    /// Query text parsed in both modes and run on a small index of each analyzer: results must be
    /// ranked, within the limit, of live documents, and `count` must agree with an exact total.
    static func queryParser(_ input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        let text = String(decoding: input, as: UTF8.self)
        var accepted = false
        var lastError = ""
        // The plain index with OR and the english one with AND: both analyzers, both modes.
        for (searcher, mode) in zip(FuzzQueryFixture.shared.searchers, [Query.Mode.any, .all]) {
            let query: Query
            do {
                query = try searcher.parser.parse(text, mode: mode)
            } catch let error as QuerySyntaxError {
                lastError = error.description
                continue
            } catch {
                lastError = try FuzzSearches.quarryError(error, in: "parse").description
                continue
            }
            let options = SearchOptions(limit: 5, mode: mode, countTotal: true)
            do {
                let results = try searcher.search(query, options: options)
                try FuzzSearches.check(results, options: options, reader: searcher.reader, checkOrder: true, what: text)
                let count = try searcher.count(query)
                if !results.totalIsLowerBound && count != results.total {
                    throw FuzzFinding("\(text.debugDescription): count \(count), search total \(results.total)")
                }
                _ = searcher.highlightTerms(query)
                accepted = true
            } catch let finding as FuzzFinding {
                throw finding
            } catch {
                lastError = try FuzzSearches.quarryError(error, in: "search").description
            }
        }
        return accepted ? .accepted : .rejected(lastError)
    }
}

/// Two small indexes, one per analyzer, for the query target (built once per process).
final class FuzzQueryFixture: Sendable {
    static let shared = FuzzQueryFixture()
    let searchers: [Searcher]

    private init() {
        do {
            var searchers: [Searcher] = []
            for (name, settings) in [("plain", AnalyzerSettings.plain()), ("english", .english(stopwords: .english))] {
                let path = FuzzScratch.path("query-" + name)
                let writer = try IndexWriter(path: path, settings: settings)
                for document in FuzzCorpusText.documents(count: 60) { try writer.add(document) }
                try writer.commit()
                _ = try writer.delete(id: "d3")
                try writer.commit()
                writer.close()
                searchers.append(try Searcher(indexPath: path))
            }
            self.searchers = searchers
        } catch {
            fatalError("cannot build the query fixture indexes: \(error)")
        }
    }
}
