/// One search the fuzz targets run: the query text and options, and optionally the query already
/// parsed and analyzed, for targets whose fuzzed file cannot change what parsing and analysis give
/// (they depend only on the manifest's analyzer and fields).
struct FuzzQuery {
    let text: String
    let options: SearchOptions
    /// The query as `Searcher.prepare` gave it for an index with the same manifest, or nil.
    var prepared: PreparedQuery?

    init(text: String, options: SearchOptions, prepared: PreparedQuery? = nil) {
        self.text = text
        self.options = options
        self.prepared = prepared
    }

    /// `queries` parsed and analyzed by `searcher`, ready for any index with its manifest.
    static func prepared(_ queries: [(String, SearchOptions)], by searcher: Searcher) throws -> [FuzzQuery] {
        try queries.map { text, options in
            FuzzQuery(text: text, options: options, prepared: try searcher.prepare(searcher.parser.parse(text, mode: options.mode), options: options))
        }
    }
}
