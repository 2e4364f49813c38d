import ArgumentParser
import Foundation
import Quarry

@main
struct QuarryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "A full-text search engine: index text, HTML and JSON Lines, search them with BM25.",
        version: QuarryVersion.current,
        subcommands: [IndexCommand.self, SearchCommand.self, StatsCommand.self, CheckCommand.self,
                      MergeCommand.self, GetCommand.self, DeleteCommand.self, BenchCommand.self, EvalCommand.self,
                      ServeCommand.self]
    )

    /// Parses and runs the command; with `--json`, argument errors come out as JSON too.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            // An ExitCode was thrown after its error was already reported (as JSON when asked).
            if code != .success, !(error is ExitCode), JSONErrors.requested(arguments) {
                JSONErrors.print(error, message: message(for: error))
                Foundation.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that reads or writes an index shares.
struct IndexLocation: ParsableArguments {
    @Option(name: .long, help: "The index folder.")
    var index: String = "Index"
}
