/// How the document store's blocks are compressed. The level is chosen when an index is created,
/// kept in its manifest and used again by merges and appends (blocks already written keep theirs).
public enum StoreCompression: String, Sendable, Hashable, CaseIterable {
    /// The level of a new index unless told otherwise: `compact`.
    public static let standard: StoreCompression = .compact

    /// A greedy LZ4-family parse: the fastest indexing and the fastest reads.
    case fast
    /// Hash chains and lazy matching in the same LZ4-family format: a store about a seventh
    /// smaller than `fast` on English text, for several times the compression time; reads as fast.
    case high
    /// DEFLATE written by Quarry's own greedy parse (one step of lazy matching), with Huffman
    /// codes made for each block (the default): a quarter smaller than `fast` on English text,
    /// for about twice its compression time but a fraction of zlib's; documents and snippets
    /// read through zlib, slower than `fast`.
    case compact
    /// DEFLATE (zlib, level 6), as Lucene's best-compression mode: the smallest store (about a
    /// sixth smaller than `high`), for slower indexing and slower document and snippet reads.
    case deflate
}
