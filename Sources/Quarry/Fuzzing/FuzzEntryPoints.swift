/// Entry points for fuzzing the readers of untrusted input: index files, HTML pages, JSON Lines
/// and query text. The libFuzzer harness (`Benchmarks/fuzz/`) and the corpus replay test call the
/// same functions (`@_spi(Fuzzing) import Quarry`). Not part of the public API.
///
/// Every entry point takes any bytes. It returns whether the input was accepted or rejected with
/// the reader's own error; it throws ``FuzzFinding`` when the engine broke a promise (an error of
/// an unexpected type, a result that contradicts itself or a check that passed damage a search
/// reported). A trap or a memory error inside a reader is a finding too: the sanitizers catch it.
@_spi(Fuzzing)
public enum FuzzEntryPoints {
    /// Runs `target` on `input`.
    public static func run(_ target: FuzzTarget, _ input: UnsafeRawBufferPointer) throws(FuzzFinding) -> FuzzOutcome {
        switch target {
        case .manifest: return try FuzzFileTargets.manifest(input)
        case .deletions: return try FuzzFileTargets.deletions(input)
        case .sourceCatalog: return try FuzzFileTargets.sourceCatalog(input)
        case .blockDecompressor: return try FuzzFileTargets.blockDecompressor(input)
        case .termDictionary: return try FuzzSegmentFixture.shared.replacing(.terms, with: input)
        case .postings: return try FuzzSegmentFixture.shared.replacing(.postings, with: input)
        case .positions: return try FuzzSegmentFixture.shared.replacing(.positions, with: input)
        case .lengths: return try FuzzSegmentFixture.shared.replacing(.lengths, with: input)
        case .postingsCursor: return try FuzzCursorTargets.run(.postings, input)
        case .positionsCursor: return try FuzzCursorTargets.run(.positions, input)
        case .store: return try FuzzSegmentFixture.shared.replacingStore(with: input)
        case .htmlExtractor: return try FuzzTextTargets.htmlExtractor(input)
        case .jsonLines: return try FuzzTextTargets.jsonLines(input)
        case .queryParser: return try FuzzTextTargets.queryParser(input)
        }
    }

    /// Runs `target` on `input`.
    public static func run(_ target: FuzzTarget, _ input: [UInt8]) throws(FuzzFinding) -> FuzzOutcome {
        let result = input.withUnsafeBytes { buffer in Result { () throws(FuzzFinding) -> FuzzOutcome in try run(target, buffer) } }
        return try result.get()
    }

    /// Valid inputs for `target` made from the fixture index (empty for the text targets, whose
    /// seeds are written by hand): the bodies of its files in the sealed mode and whole files in
    /// the raw mode (see ``FuzzFileInput``).
    public static func generatedSeeds(for target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        FuzzSeeds.generated(for: target)
    }
}

/// What a fuzz entry point can be run on.
@_spi(Fuzzing)
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `Manifest.decode`, then the fixture's segments opened and searched with the decoded manifest.
    case manifest
    /// A segment's deletions bitmap (`DeletedDocuments`), read from memory.
    case deletions
    /// `SourceCatalog.decode`, read from memory.
    case sourceCatalog
    /// The store's block codec: arbitrary compressed blocks, and round trips of arbitrary data.
    case blockDecompressor
    /// The fixture's `.terms` file replaced, then the index opened, searched and checked.
    case termDictionary
    /// The fixture's `.postings` file replaced, likewise.
    case postings
    /// The fixture's `.positions` file replaced, likewise.
    case positions
    /// The fixture's `.lengths` file replaced, likewise.
    case lengths
    /// The fixture's `.postings` file replaced and every term read with ``PostingsCursor``
    /// directly (in order, by `advance`, block at a time), without opening the index.
    case postingsCursor
    /// The fixture's `.positions` file replaced, read likewise.
    case positionsCursor
    /// The fixture's `.store` file replaced and read directly: every block, and a few documents.
    case store
    /// `HTMLExtractor.extract`, then both analyzers over the text.
    case htmlExtractor
    /// JSON Lines: the line reader (with a small buffer) and the record parser.
    case jsonLines
    /// The query language parsed in both modes and run on small indexes of both analyzers.
    case queryParser
}

/// The outcome of one input that broke no promise.
@_spi(Fuzzing)
public enum FuzzOutcome: Sendable, Equatable {
    /// The reader took the input (and, for index files, searches and the check ran).
    case accepted
    /// The reader refused the input with its own error (the description).
    case rejected(String)

    public var isAccepted: Bool { self == .accepted }
}

/// A broken promise found by a fuzz entry point; the harness turns it into a crash report.
@_spi(Fuzzing)
public struct FuzzFinding: Error, Sendable, CustomStringConvertible {
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
