import CLibXML2

/// Walks a parsed libxml2 HTML tree and gathers visible text.
enum HTMLTreeText {
    /// Visible text of the whole document: `<head>`, `<title>` and hidden elements are left out.
    static func visibleText(under root: xmlNodePtr) -> String {
        var collector = CollapsingTextBuffer()
        walk(children: root.pointee.children, stopAt: root, into: &collector)
        return collector.string
    }

    /// Visible text inside one element (used for the title and the heading).
    static func text(of element: xmlNodePtr) -> String {
        var collector = CollapsingTextBuffer()
        walk(children: element.pointee.children, stopAt: element, into: &collector)
        return collector.string
    }

    /// The first element called `name` in document order, not counting hidden subtrees
    /// other than `<head>` (which holds the title).
    static func firstElement(named name: String, under root: xmlNodePtr) -> xmlNodePtr? {
        var node = root.pointee.children
        while let current = node {
            var descend = false
            if current.pointee.type == XML_ELEMENT_NODE {
                let elementName = HTMLElements.name(of: current)
                if elementName == name { return current }
                descend = elementName == "head" || HTMLElements.role(of: elementName) != .hidden
            }
            node = next(after: current, descend: descend, stopAt: root) { _ in }
        }
        return nil
    }

    /// Appends the text of the nodes from `first` on (and their subtrees) to `collector`.
    private static func walk(children first: xmlNodePtr?, stopAt root: xmlNodePtr, into collector: inout CollapsingTextBuffer) {
        var node = first
        while let current = node {
            var descend = false
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                switch HTMLElements.role(of: HTMLElements.name(of: current)) {
                case .hidden:
                    break
                case .block:
                    collector.breakWord()
                    descend = true
                case .inline:
                    descend = true
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { collector.append(cString: content) }
            default:
                break  // comments, processing instructions, DTD nodes, entity declarations
            }
            node = next(after: current, descend: descend, stopAt: root) { left in
                if left.pointee.type == XML_ELEMENT_NODE,
                   HTMLElements.role(of: HTMLElements.name(of: left)) == .block {
                    collector.breakWord()
                }
            }
        }
    }

    /// The next node in document order; calls `leave` for each element whose subtree is finished.
    private static func next(
        after node: xmlNodePtr, descend: Bool, stopAt root: xmlNodePtr, leave: (xmlNodePtr) -> Void
    ) -> xmlNodePtr? {
        if descend, let child = node.pointee.children { return child }
        var current = node
        while true {
            leave(current)
            if let sibling = current.pointee.next { return sibling }
            guard let parent = current.pointee.parent, parent != root else { return nil }
            current = parent
        }
    }
}
