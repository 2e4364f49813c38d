import ArgumentParser
import Quarry
import QuarryJSON

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
            if let problem = IndexReader.idLookupProblem(id) { throw ValidationError(problem) }
            guard let doc = try reader.liveDocument(withID: id) else {
                throw ValidationError("no document with id \(SafeText.forTerminal(id))")
            }
            let stored = try reader.document(doc)
            if json {
                Terminal.printJSON(DocumentReport.json(stored))
                return
            }
            print(SafeText.forTerminal(stored.title))
            print(SafeText.forTerminal(stored.id))
            for field in stored.fields where !field.value.isEmpty {
                print("\(field.name): \(SafeText.forTerminal(field.value))")
            }
            print()
            print(SafeText.forTerminal(stored.body, keepingNewlines: true))
        }
    }
}
