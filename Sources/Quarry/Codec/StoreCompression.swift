/// How hard the document store's compressor works. Both levels write the same block format and
/// decode at the same speed; the level is chosen when an index is created, kept in its manifest
/// and used again by merges and appends.
public enum StoreCompression: String, Sendable, Hashable, CaseIterable {
    /// A greedy parse (the default): the fastest indexing.
    case fast
    /// Hash chains and lazy matching: a smaller store (about a fifth smaller on English text)
    /// for several times the compression time.
    case high
}
