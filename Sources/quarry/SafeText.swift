/// Text from documents, file names and index files is printed only after this pass, so that no
/// control character in it reaches the terminal: an `ESC ]0;…BEL` would set the window title,
/// `ESC [2J` clear the screen. The program's own colour codes are added after it.
enum SafeText {
    /// Whether `scalar` is a C0 or C1 control, DEL, or a bidirectional override or isolate
    /// (which can make printed text read differently from what it is).
    @inline(__always)
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }

    /// `text` with tabs and line breaks as spaces (line feeds kept with `keepingNewlines`) and
    /// every other unsafe character as U+FFFD.
    static func forTerminal(_ text: String, keepingNewlines: Bool = false) -> String {
        if !text.unicodeScalars.contains(where: isUnsafe) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !isUnsafe(scalar) {
                out.append(scalar)
            } else if keepingNewlines && scalar == "\n" {
                out.append(scalar)
            } else if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                out.append(" ")
            } else {
                out.append("\u{FFFD}")
            }
        }
        return String(out)
    }

    /// JSON text with the control characters JSON allows raw inside strings (DEL, C1, the bidi
    /// controls) written as `\uXXXX` escapes; JSON's encoder already escapes C0. Such characters
    /// can only occur inside strings, so the result is the same JSON value.
    static func escapingJSON(_ json: String) -> String {
        if !json.unicodeScalars.contains(where: isUnsafe) { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if isUnsafe(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
