import ArgumentParser
import Quarry

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the index's segments (faster searches after many appends) and drop deleted documents.",
        discussion: """
        By default every segment is merged into one. With --max-segments N the smallest segments \
        are merged, as few as bring the index down to N segments, so less is rewritten. Either way \
        no deleted document is left behind.
        """
    )

    @OptionGroup var location: IndexLocation

    @Option(name: .customLong("max-segments"), parsing: .unconditional,
            help: "Merge down to at most this many segments.")
    var maxSegments = 1

    func validate() throws {
        try NumberOptions.check(maxSegments, in: NumberOptions.maxSegments, "--max-segments")
    }

    func run() throws {
        try reportingErrors {
            let before = try IndexReader(path: location.index)
            let count = try IndexStats(reader: before).segments
            if count <= maxSegments && before.deletedDocumentCount == 0 {
                print("Nothing to merge: the index has \(count) segment\(count == 1 ? "" : "s").")
                return
            }
            let writer = try IndexWriter(path: location.index, mode: .append)
            defer { writer.close() }
            try writer.forceMerge(maxSegments: maxSegments)
            let after = try IndexStats(reader: try IndexReader(path: location.index))
            let dropped = before.deletedDocumentCount > 0 ? ", dropping \(before.deletedDocumentCount) deleted" : ""
            print("Merged \(count) segment\(count == 1 ? "" : "s") into \(after.segments)\(dropped); \(after.documents) documents, \(Terminal.megabytes(after.totalBytes)).")
        }
    }
}
