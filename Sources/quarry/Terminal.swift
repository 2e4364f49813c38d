#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import Quarry
import QuarryJSON

/// Output helpers: standard error, terminal detection, colour.
enum Terminal {
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Colour only on a terminal, and never when NO_COLOR is set.
    static var useColor: Bool { stdoutIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("quarry: error: " + SafeText.forTerminal(message) + "\n").utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("warning: " + SafeText.forTerminal(message) + "\n").utf8))
    }

    /// One informational line on stderr.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data(("note: " + SafeText.forTerminal(message) + "\n").utf8))
    }

    /// Rewrites the current stderr line (progress display).
    static func status(_ message: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + SafeText.forTerminal(message)).utf8))
    }

    static func clearStatus() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static let bold = "\u{1B}[1m"
    static let highlight = "\u{1B}[1;33m"
    static let dim = "\u{1B}[2m"
    static let reset = "\u{1B}[0m"

    /// Prints an ordered JSON value as one line on stdout.
    static func printJSON(_ value: OrderedJSON) {
        print(value.text)
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1e6)
    }
}

/// Runs a command body, turning any error into one clear line on stderr (with `json`, one JSON
/// object on stdout, see ``JSONErrors``) and exit code 1.
func reportingErrors(json: Bool = false, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        if json {
            JSONErrors.print(error, message: String(describing: error))
        } else {
            Terminal.error(String(describing: error))
        }
        throw ExitCode(1)
    }
}

extension Terminal {
    /// A snippet's text made safe for the terminal, its matches wrapped in `open`/`close` (which
    /// may be colour codes: they are added after the text is cleaned).
    static func highlighted(_ snippet: Snippet, open: String, close: String) -> String {
        snippet.fragments.map { f in
            let text = SafeText.forTerminal(f.text)
            return f.isMatch ? open + text + close : text
        }.joined()
    }
}
