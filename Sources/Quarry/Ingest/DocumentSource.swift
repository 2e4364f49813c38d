/// Turns files, folders and JSON Lines into a stream of documents, in a deterministic order.
///
/// Folders are walked recursively (see `FolderWalker` rules: byte-wise path order, hidden
/// entries skipped, symbolic links followed without looping). Files are chosen by extension
/// (``FileKind``); other extensions inside folders are ignored and counted, while a file given
/// directly with an unknown extension is reported as skipped. A file's document id is its path
/// relative to the folder that was given, or its file name when the file was given directly;
/// JSON Lines records keep their own ids.
public struct DocumentSource: Sendable {
    /// The files and folders to ingest, in order.
    public var paths: [String]
    /// Text and HTML files larger than this are skipped (JSON Lines files are streamed and exempt).
    public var maxFileBytes: Int
    /// JSON lines longer than this are skipped.
    public var maxLineBytes: Int
    /// The files of an earlier run (see ``forEachEvent(_:)``); nil: no file is compared or hashed.
    public var catalog: SourceCatalog?
    /// JSON Lines members read as extra text fields (see ``JSONLReader/extraFields``).
    public var extraFields: [String] = []

    public init(paths: [String], maxFileBytes: Int = 256 << 20, maxLineBytes: Int = 256 << 20) {
        self.paths = paths
        self.maxFileBytes = maxFileBytes
        self.maxLineBytes = maxLineBytes
    }

    /// Delivers every document and every skipped item to `body`, in a deterministic order.
    /// Problems with individual files become `.skipped` items; only errors thrown by `body` end
    /// the walk early (and are rethrown).
    @discardableResult
    public func forEach(_ body: (IngestItem) throws -> Void) throws -> IngestSummary {
        try forEachEvent { event in
            if case .item(let item) = event { try body(item) }
        }
    }

    /// Like ``forEach(_:)``, and with a ``catalog`` also announces each file before its documents
    /// (`.file`, with its size, time and hash), or reports it unchanged without reading it when its
    /// size and modification time (or else its bytes' hash) equal its catalog entry's.
    @discardableResult
    public func forEachEvent(_ body: (IngestEvent) throws -> Void) throws -> IngestSummary {
        var summary = IngestSummary()
        func deliver(_ item: IngestItem) throws {
            switch item {
            case .document: summary.documents += 1
            case .skipped: summary.skipped += 1
            case .damaged: summary.damaged += 1
            }
            try body(.item(item))
        }
        var walker = FolderWalker()
        try walker.walk(paths) { event in
            switch event {
            case .file(let path, let id, let kind):
                if let catalog {
                    try ingestTrackedFile(path: path, id: id, kind: kind, catalog: catalog, announce: body, deliver: deliver)
                } else {
                    try ingestFile(path: path, id: id, kind: kind, deliver: deliver)
                }
            case .ignored:
                summary.ignoredFiles += 1
            case .hidden:
                summary.hiddenEntries += 1
            case .problem(let path, let reason, let missing):
                if missing { summary.missingPaths.append(path) }
                try deliver(.skipped(source: path, reason: reason))
            }
        }
        return summary
    }

    /// Ingests a file after comparing it with its catalog entry (see ``forEachEvent(_:)``).
    private func ingestTrackedFile(path: String, id: String, kind: FileKind, catalog: SourceCatalog,
                                   announce: (IngestEvent) throws -> Void, deliver: (IngestItem) throws -> Void) throws {
        let state = SourceFileState.examine(path)
        let known = catalog.entries[id]
        func file(hash: UInt64) -> SourceFile {
            SourceFile(path: path, id: id, size: state?.size ?? 0, modifiedNanoseconds: state?.modifiedNanoseconds ?? 0, hash: hash)
        }
        if let known, let state, known.size == state.size, known.modifiedNanoseconds == state.modifiedNanoseconds {
            try announce(.unchangedFile(file(hash: known.hash)))
            return
        }
        if kind == .jsonLines {
            let reader = jsonLinesReader(path)
            if known == nil && !reader.isCompressed {
                // A new file: nothing to compare with, so its bytes are hashed as the records are
                // read, not in a pass of its own (a whole extra read of the file).
                try announce(.file(file(hash: 0)))
                if let hash = try ingestJSONLines(reader, deliver: deliver, hashing: true) {
                    try announce(.fileHashed(id: id, hash: hash))
                }
                return
            }
            // Compared with its entry first: hashed in a pass of its own (far faster than parsing it).
            let hash = SourceFileState.hashFile(path)
            if let known, let hash, hash == known.hash {
                try announce(.unchangedFile(file(hash: hash)))
                return
            }
            try announce(.file(file(hash: hash ?? 0)))
            _ = try ingestJSONLines(reader, deliver: deliver)
            return
        }
        let bytes: [UInt8]
        do {
            bytes = try FileAccess.readAll(path, limit: maxFileBytes)
        } catch {
            try announce(.file(file(hash: 0)))
            try deliver(.skipped(source: path, reason: error.reason))
            return
        }
        let hash = bytes.withUnsafeBytes { ContentHash.of($0) }
        if let known, hash == known.hash {
            try announce(.unchangedFile(file(hash: hash)))
            return
        }
        try announce(.file(file(hash: hash)))
        try ingestFile(path: path, id: id, kind: kind, bytes: bytes, deliver: deliver)
    }

    private func ingestFile(path: String, id: String, kind: FileKind, deliver: (IngestItem) throws -> Void) throws {
        if kind == .jsonLines {
            _ = try ingestJSONLines(jsonLinesReader(path), deliver: deliver)
            return
        }
        let fileBytes: [UInt8]
        do {
            fileBytes = try FileAccess.readAll(path, limit: maxFileBytes)
        } catch {
            try deliver(.skipped(source: path, reason: error.reason))
            return
        }
        try ingestFile(path: path, id: id, kind: kind, bytes: fileBytes, deliver: deliver)
    }

    /// Turns a text or HTML file's bytes into its document.
    private func ingestFile(path: String, id: String, kind: FileKind, bytes fileBytes: [UInt8], deliver: (IngestItem) throws -> Void) throws {
        // UTF-16 text is read as the UTF-8 it stands for.
        let utf16 = UTF16Text.utf8IfUTF16(fileBytes)
        let bytes = utf16?.utf8 ?? fileBytes
        if BinaryDetector.isBinary(bytes) {
            try deliver(.skipped(source: path, reason: "binary file"))
            return
        }
        let document: SourceDocument
        var replacements = utf16?.replacements ?? 0
        switch kind {
        case .plainText:
            let text = PlainTextReader.read(bytes)
            document = SourceDocument(id: id, title: text.title, body: text.body)
            replacements += text.replacements
        case .html:
            let page: ExtractedHTML
            do {
                page = try HTMLExtractor.extract(bytes, fileName: path, isUTF8: utf16 != nil)
            } catch {
                try deliver(.skipped(source: path, reason: error.description))
                return
            }
            // A title taken from the file name alone is not text of the page.
            let title = page.titleSource == .fileName && page.body.isEmpty ? "" : page.title
            document = SourceDocument(id: id, title: title, body: page.body)
        case .jsonLines:
            return
        }
        if document.title.isEmpty && document.body.isEmpty {
            try deliver(.skipped(source: path, reason: "no text"))
        } else {
            try deliver(.document(document, sourceBytes: fileBytes.count, replacedInvalidBytes: replacements))
        }
    }

    /// The reader of the JSON Lines file at `path`, with this source's line limit and extra fields.
    private func jsonLinesReader(_ path: String) -> JSONLReader {
        JSONLReader(path: path, maxLineBytes: maxLineBytes, extraFields: extraFields)
    }

    /// Reads `reader`'s records; with `hashing`, returns the file's hash when it was read to its end
    /// (nil when the read broke off, or for a compressed file).
    private func ingestJSONLines(_ reader: JSONLReader, deliver: (IngestItem) throws -> Void, hashing: Bool = false) throws -> UInt64? {
        let path = reader.path
        var linesRead = 0
        var documents = 0
        do {
            return try reader.forEach(hashing: hashing) { record in
                linesRead += 1
                do {
                    switch record {
                    case .document(let document, let line, let lineBytes, let replacements):
                        if document.title.isEmpty && document.body.isEmpty && document.fields.isEmpty {
                            try deliver(.skipped(source: "\(path):\(line)", reason: "no text"))
                        } else {
                            documents += 1
                            try deliver(.document(document, sourceBytes: lineBytes, replacedInvalidBytes: replacements))
                        }
                    case .malformed(let line, let reason):
                        try deliver(.skipped(source: "\(path):\(line)", reason: reason))
                    }
                } catch {
                    throw CallerError(underlying: error)
                }
            }
        } catch let error as CallerError {
            throw error.underlying
        } catch {
            let reason = (error as? IngestError)?.reason ?? "\(error)"
            if linesRead == 0 {
                try deliver(.skipped(source: path, reason: reason))
            } else {
                let records = documents == 1 ? "the 1 record" : "the \(documents) records"
                try deliver(.damaged(source: path, reason: "\(reason); \(records) read before it were kept"))
            }
            return nil
        }
    }
}

/// Carries an error thrown by the caller's closure through a reader, so it is not mistaken
/// for a problem with the file.
private struct CallerError: Error {
    var underlying: any Error
}
