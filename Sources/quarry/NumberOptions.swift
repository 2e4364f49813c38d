import ArgumentParser
import Quarry

/// The ranges the CLI accepts for its numeric options, and one wording for their errors.
///
/// Numeric options are declared with `parsing: .unconditional`, so that `-k -1` hands `-1` to the
/// option (and this check says what is wrong) instead of being taken for another flag.
enum NumberOptions {
    /// Results per query (`-k`): the top-k heap and the result list grow with it.
    static let results = 1...1_000_000
    /// `--memory-mb`: below 16 MB every few documents would make a segment; the top keeps `<< 20` in range.
    static let memoryMB = 16...1_048_576
    /// `index --threads`: at most the writer's limit.
    static let threads = 1...IndexWriter.maxThreads
    /// `bench --runs`.
    static let runs = 1...1_000
    /// `merge --max-segments`.
    static let maxSegments = 1...1_000_000

    /// Throws a validation error unless `value` is in `range`.
    static func check(_ value: Int, in range: ClosedRange<Int>, _ option: String) throws {
        if !range.contains(value) {
            throw ValidationError("\(option) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
    }
}
