#if canImport(Glibc)
import QuarryJSON
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Quarry

/// With `--json`, errors are one JSON object on standard output, `{"error": "…"}` (plus
/// `"column"` for a malformed query), and the exit code is the one the error has without `--json`.
enum JSONErrors {
    /// The commands that take `--json`.
    static let commands: Set<String> = ["index", "search", "stats", "bench", "eval"]

    /// Whether the command line asks for JSON: a command that takes `--json`, and `--json`
    /// before any `--` (after which arguments are text, such as a query).
    static func requested(_ arguments: [String]) -> Bool {
        guard let command = arguments.first, commands.contains(command) else { return false }
        return arguments.prefix(while: { $0 != "--" }).contains("--json")
    }

    /// The error object for `error`.
    static func object(for error: Error, message: String) -> OrderedJSON {
        if let syntax = error as? QuerySyntaxError {
            return .object([("error", .string(syntax.message)), ("column", .int(syntax.column))])
        }
        return .object([("error", .string(message))])
    }

    /// Prints the error object on standard output.
    static func print(_ error: Error, message: String) {
        Terminal.printJSON(object(for: error, message: message))
    }
}
