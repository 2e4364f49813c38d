/// The bounds the service enforces on every request; a request past one gets a 4xx answer that
/// names the limit.
public struct ServerLimits: Sendable, Hashable {
    /// The largest request body accepted (413 above it).
    public var maximumBodyBytes: Int = 16 << 20
    /// The longest query text `q`, in characters (Unicode scalars, as JSON Schema's `maxLength`
    /// counts them; 400 above it).
    public var maximumQueryLength: Int = 4096
    /// The largest `k` (results per page).
    public var maximumK: Int = 1000
    /// The largest `offset` (results skipped for paging).
    public var maximumOffset: Int = 10_000
    /// The longest document id accepted in a write or a look-up, in characters (Unicode scalars).
    public var maximumIDLength: Int = 256
    /// The longest a write sent with `wait=true` waits for its commit to be published to searches
    /// (then 503, the write still pending).
    public var maximumWriteWait: Duration = .seconds(30)
    /// The longest a connection may stay silent, between requests or in the middle of sending one,
    /// before it is closed (a request being answered is never cut): idle connections would
    /// otherwise hold their sockets for ever, until the server could accept no more.
    public var maximumIdleTime: Duration = .seconds(60)

    public init() {}
}
