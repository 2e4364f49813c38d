/// An indexing run found no document in the paths it was given; the index was left as it was.
public struct NothingToIndexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The files and folders the run was given.
    public var paths: [String]
    /// Inputs passed over (each was reported to the run's `onSkip`).
    public var skipped: Int

    public init(paths: [String], skipped: Int) {
        self.paths = paths
        self.skipped = skipped
    }

    public var description: String {
        let inputs = skipped == 0 ? "" : " (\(skipped) input\(skipped == 1 ? "" : "s") skipped, see the warnings above)"
        return "nothing to index: no documents found in \(paths.joined(separator: ", "))\(inputs); the index was left unchanged"
    }
}
