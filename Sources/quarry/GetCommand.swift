import ArgumentParser
import Quarry

struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a stored document by its id."
    )

    @OptionGroup var location: IndexLocation

    @Argument(help: "The document's id (a JSON Lines record's id, or a file's path from the folder it was indexed from).")
    var id: String

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingErrors {
            let reader = try IndexReader(path: location.index)
            guard let doc = try reader.liveDocument(withID: id) else {
                throw ValidationError("no document with id \(SafeText.forTerminal(id))")
            }
            let stored = try reader.document(doc)
            if json {
                Terminal.printJSON(.object([("id", .string(stored.id)), ("title", .string(stored.title)), ("body", .string(stored.body))]))
                return
            }
            print(SafeText.forTerminal(stored.title))
            print(SafeText.forTerminal(stored.id))
            print()
            print(SafeText.forTerminal(stored.body, keepingNewlines: true))
        }
    }
}
