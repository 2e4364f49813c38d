import CLibXML2

/// How an HTML element affects text extraction.
enum HTMLElements {
    enum Role: Sendable {
        /// Its text flows into the surrounding text.
        case inline
        /// Its boundaries separate words.
        case block
        /// Its content is not visible text.
        case hidden
    }

    /// Elements whose content is never shown as text (the title is read separately).
    static let hiddenNames: Set<String> = [
        "head", "title", "script", "style", "noscript", "template", "meta", "link", "base",
        "object", "embed", "iframe", "frameset", "frame", "applet", "svg", "math", "canvas",
        "audio", "video", "map", "param", "source", "track", "datalist",
    ]

    /// Elements that break words at their start and end.
    static let blockNames: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "center",
        "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "img", "input", "legend", "li", "listing", "main", "menu",
        "nav", "ol", "optgroup", "option", "output", "p", "plaintext", "pre", "progress", "search",
        "section", "select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead",
        "tr", "ul", "wbr", "xmp",
    ]

    static func role(of name: String) -> Role {
        if blockNames.contains(name) { return .block }
        if hiddenNames.contains(name) { return .hidden }
        return .inline
    }

    /// The element's lower-case name (libxml2's HTML parser already lower-cases names).
    static func name(of node: xmlNodePtr) -> String {
        guard let raw = node.pointee.name else { return "" }
        return String(cString: raw)
    }
}
