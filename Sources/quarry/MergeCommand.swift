import ArgumentParser
import Quarry

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the index's segments into one (faster searches after many appends)."
    )

    @OptionGroup var location: IndexLocation

    func run() throws {
        try reportingErrors {
            let before = try IndexReader(path: location.index)
            let count = try IndexStats(reader: before).segments
            if count <= 1 && before.deletedDocumentCount == 0 {
                print("Nothing to merge: the index has \(count) segment\(count == 1 ? "" : "s").")
                return
            }
            let writer = try IndexWriter(path: location.index, mode: .append)
            defer { writer.close() }
            try writer.forceMerge()
            let after = try IndexStats(reader: try IndexReader(path: location.index))
            let dropped = before.deletedDocumentCount > 0 ? ", dropping \(before.deletedDocumentCount) deleted" : ""
            print("Merged \(count) segment\(count == 1 ? "" : "s") into \(after.segments)\(dropped); \(after.documents) documents, \(Terminal.megabytes(after.totalBytes)).")
        }
    }
}
