import ArgumentParser
import Quarry

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify every file's checksum and decode every posting; exit 1 if anything is damaged."
    )

    @OptionGroup var location: IndexLocation

    func run() throws {
        try reportingErrors {
            let report = try IndexChecker(path: location.index).run()
            for problem in report.problems { print("problem: \(SafeText.forTerminal(problem))") }
            print("\(report.segments) segment(s), \(report.documents) documents, \(report.terms) terms, \(report.postings) postings; \(report.filesVerified) files (\(Terminal.megabytes(report.bytesVerified))) verified")
            if report.isHealthy {
                print("OK")
            } else {
                Terminal.error("\(report.problems.count) problem(s) found in \(location.index)")
                throw ExitCode(1)
            }
        }
    }
}
