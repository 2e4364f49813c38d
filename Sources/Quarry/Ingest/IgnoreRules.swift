#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Patterns from `.quarryignore` files, which keep entries of a folder tree out of an index.
///
/// One shell pattern per line (`*`, `?`, `[...]`, as `fnmatch`); blank lines and lines starting
/// with `#` are skipped. A pattern without `/` matches an entry's name anywhere under the folder
/// holding the file; a pattern with `/` matches the entry's path relative to that folder (a
/// leading `/` is allowed). A matching folder is skipped with everything inside it.
struct IgnoreRules {
    static let fileName = ".quarryignore"

    private struct Rule {
        /// The folder holding the ignore file, relative to the walk's root ("" or ending in "/").
        var base: String
        var pattern: String
        var anchored: Bool
    }

    private var rules: [Rule] = []

    var isEmpty: Bool { rules.isEmpty }

    /// Adds the patterns of an ignore file found in the folder at `base` (relative to the root).
    mutating func add(contentsOf text: String, base: String) {
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = rawLine.trimmingTrailingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasSuffix("/") { line.removeLast() }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line.removeFirst() }
            if line.isEmpty { continue }
            rules.append(Rule(base: base, pattern: line, anchored: anchored))
        }
    }

    /// Whether the entry `name`, in the folder at `relative` (from the root, "" or ending in "/"), is ignored.
    func ignores(name: String, relative: String) -> Bool {
        for rule in rules {
            if rule.anchored {
                let path = relative + name
                guard path.hasPrefix(rule.base) else { continue }
                if fnmatch(rule.pattern, String(path.dropFirst(rule.base.count)), FNM_PATHNAME) == 0 { return true }
            } else if fnmatch(rule.pattern, name, 0) == 0 {
                return true
            }
        }
        return false
    }
}

private extension Substring {
    func trimmingTrailingSpaces() -> String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return String(self[startIndex..<end])
    }
}
