import Quarry

/// Prints the warnings of an indexing run: every input passed over or damaged, but at most
/// `linesPerFile` bad lines of one JSON Lines file, then one line saying how many more there were
/// (a damaged file can otherwise print a warning for every garbled line).
final class SkipReporter {
    let linesPerFile: Int
    private let beforePrinting: () -> Void
    private var currentFile: String?
    private var hiddenLines = 0
    private var shownLines = 0

    /// `beforePrinting` runs before each warning (to clear a progress line).
    init(linesPerFile: Int = 10, beforePrinting: @escaping () -> Void = {}) {
        self.linesPerFile = linesPerFile
        self.beforePrinting = beforePrinting
    }

    /// An input passed over: a file, a folder, or one line of a JSON Lines file (`path:line`).
    func skipped(_ source: String, reason: String) {
        let file = Self.jsonLinesFile(of: source)
        if file != currentFile { finishFile() }
        currentFile = file
        if file != nil {
            if shownLines == linesPerFile {
                hiddenLines += 1
                return
            }
            shownLines += 1
        }
        beforePrinting()
        Terminal.warning("skipped \(source): \(reason)")
    }

    /// A file read only in part.
    func damaged(_ source: String, reason: String) {
        finishFile()
        beforePrinting()
        Terminal.warning("\(source) is damaged: \(reason)")
    }

    /// Prints the count of bad lines not shown for the last file; call at the end of the run.
    func finishFile() {
        if hiddenLines > 0, let file = currentFile {
            beforePrinting()
            Terminal.warning("skipped \(hiddenLines) more bad line\(hiddenLines == 1 ? "" : "s") of \(file) (only the first \(linesPerFile) are listed)")
        }
        currentFile = nil
        hiddenLines = 0
        shownLines = 0
    }

    /// The JSON Lines file a `path:line` source names, or `nil` for any other source.
    static func jsonLinesFile(of source: String) -> String? {
        guard let colon = source.lastIndex(of: ":") else { return nil }
        let line = source[source.index(after: colon)...]
        guard !line.isEmpty, line.allSatisfy(\.isASCII), line.allSatisfy(\.isNumber) else { return nil }
        let path = String(source[..<colon])
        return FileKind(fileName: path) == .jsonLines ? path : nil
    }
}
