/// Rewrites `<![CDATA[...]]>` sections as escaped text before HTML parsing.
///
/// libxml2's HTML parser does not know CDATA sections (XHTML pages use them): it would keep the
/// markers as text and parse any `<` inside as markup. Escaping the section's content keeps
/// exactly its text. Sections inside `<script>` or `<style>` stay hidden either way.
enum CDATASections {
    private static let open = Array("<![CDATA[".utf8)
    private static let close = Array("]]>".utf8)

    /// `bytes` with each CDATA section replaced by its escaped content, or `nil` if there is none.
    static func escaped(_ bytes: [UInt8]) -> [UInt8]? {
        guard var start = find(open, in: bytes, from: 0) else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 64)
        var copied = 0
        while true {
            result.append(contentsOf: bytes[copied..<start])
            let contentStart = start + open.count
            let contentEnd = find(close, in: bytes, from: contentStart) ?? bytes.count
            for byte in bytes[contentStart..<contentEnd] {
                switch byte {
                case UInt8(ascii: "<"): result.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): result.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "&"): result.append(contentsOf: "&amp;".utf8)
                default: result.append(byte)
                }
            }
            copied = min(bytes.count, contentEnd + close.count)
            guard let next = find(open, in: bytes, from: copied) else { break }
            start = next
        }
        result.append(contentsOf: bytes[copied...])
        return result
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard pattern.count <= bytes.count else { return nil }
        var index = start
        let last = bytes.count - pattern.count
        while index <= last {
            if bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
