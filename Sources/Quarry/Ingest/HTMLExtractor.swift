import CLibXML2

/// The text pulled out of one HTML page.
public struct ExtractedHTML: Sendable, Hashable {
    /// Where the title came from.
    public enum TitleSource: Sendable, Hashable {
        /// The page's `<title>` element.
        case titleElement
        /// The page's first `<h1>` heading (the page has no non-empty `<title>`).
        case heading
        /// The file name without its extension (the page has neither).
        case fileName
    }

    /// The page title (never empty unless the file name is).
    public var title: String
    /// The visible text, whitespace runs collapsed to one space, trimmed. Empty for an empty page.
    public var body: String
    /// Where `title` came from; a `.fileName` title is not text of the page.
    public var titleSource: TitleSource
}

/// Extracts title and visible text from HTML with libxml2's forgiving HTML parser.
///
/// This is the only type that talks to libxml2. It never loads external entities or DTDs,
/// never touches the network, keeps libxml2's diagnostics off stderr, and is safe to call
/// from several threads at once.
public enum HTMLExtractor {
    /// Parses `bytes` as HTML and returns the title and visible text.
    ///
    /// The title is the `<title>` text, else the first `<h1>`'s text, else `fileName` without
    /// its extension. The declared charset (`<meta charset>`, `<meta http-equiv>`) is honoured;
    /// undeclared input that is valid UTF-8 is read as UTF-8; with `isUTF8` (bytes converted from
    /// another encoding), any declaration is overridden. An empty page yields an empty body.
    public static func extract(_ bytes: [UInt8], fileName: String, isUTF8: Bool = false) throws(HTMLExtractionError) -> ExtractedHTML {
        LibXML2.prepareCurrentThread()
        let bytes = CDATASections.escaped(bytes) ?? bytes
        guard bytes.count <= Int(Int32.max) else { throw .tooLarge(bytes.count) }

        let body: String
        var title: String?
        var titleSource = ExtractedHTML.TitleSource.fileName
        if bytes.isEmpty {
            body = ""
        } else {
            guard let context = htmlNewParserCtxt() else { throw .outOfMemory }
            defer { htmlFreeParserCtxt(context) }
            let encoding = isUTF8 ? "UTF-8" : CharsetSniffer.declaresCharset(bytes) ? nil : CharsetSniffer.utf8HintIfValid(bytes)
            let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    htmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, encoding, LibXML2.parseOptions)
                }
            }
            // libxml2 returns no document for input without any markup or text (e.g. only blanks).
            guard let document else {
                return ExtractedHTML(title: FileNames.stem(fileName), body: "", titleSource: .fileName)
            }
            defer { xmlFreeDoc(document) }
            let root = UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
            body = HTMLTreeText.visibleText(under: root)
            if let node = HTMLTreeText.firstElement(named: "title", under: root) {
                let text = HTMLTreeText.text(of: node)
                if !text.isEmpty { title = text; titleSource = .titleElement }
            }
            if title == nil, let node = HTMLTreeText.firstElement(named: "h1", under: root) {
                let text = HTMLTreeText.text(of: node)
                if !text.isEmpty { title = text; titleSource = .heading }
            }
        }
        return ExtractedHTML(title: title ?? FileNames.stem(fileName), body: body, titleSource: titleSource)
    }
}

/// Why an HTML page could not be parsed at all.
public enum HTMLExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input is larger than libxml2 can take in one piece.
    case tooLarge(Int)
    /// libxml2 could not allocate its parser.
    case outOfMemory

    public var description: String {
        switch self {
        case .tooLarge(let count): "HTML input too large (\(count) bytes)"
        case .outOfMemory: "out of memory while parsing HTML"
        }
    }
}

/// One-time and per-thread libxml2 setup.
private enum LibXML2 {
    /// Forgiving parsing without network access or diagnostics. `XML_PARSE_HUGE` lifts the
    /// nesting (256) and text-node size limits that would otherwise cut real pages short
    /// (e.g. thousands of unclosed `<font>` tags); input size is bounded by the caller.
    static let parseOptions = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue)

    /// Runs once per process (Swift initialises globals exactly once, thread-safely).
    private static let initialized: Bool = {
        xmlInitParser()
        // Refuse every external entity or DTD, whatever parser option is in force.
        xmlSetExternalEntityLoader { _, _, _ in nil }
        // Default for threads that touch libxml2 later.
        xmlThrDefSetStructuredErrorFunc(nil, dropError)
        return true
    }()

    /// Drops every libxml2 diagnostic instead of printing it.
    private static let dropError: xmlStructuredErrorFunc = { _, _ in }

    /// Initialises libxml2 if needed and silences its error output on this thread
    /// (libxml2 keeps error handlers per thread).
    static func prepareCurrentThread() {
        _ = initialized
        xmlSetStructuredErrorFunc(nil, dropError)
    }
}
