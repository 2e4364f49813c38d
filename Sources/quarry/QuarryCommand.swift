import ArgumentParser

@main
struct QuarryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "A full-text search engine: index text, HTML and JSON Lines, search them with BM25.",
        subcommands: [IndexCommand.self, SearchCommand.self, StatsCommand.self, CheckCommand.self,
                      MergeCommand.self, BenchCommand.self, EvalCommand.self, ServeCommand.self]
    )
}

/// Options every command that reads or writes an index shares.
struct IndexLocation: ParsableArguments {
    @Option(name: .long, help: "The index folder.")
    var index: String = "Index"
}
