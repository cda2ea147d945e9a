import Storage

/// Where this node's SQLite and index materialise PostgreSQL changes: the replica feed's sink. App wires it to
/// the local store and the catalog service (rows, FTS, vectors and the cursor in one transaction; then the HNSW
/// index, the filter directory and the vocabulary, in commit order).
public protocol ReplicaSink: Sendable {
    /// The persisted feed state (`cursor`, `system_identifier`, `timeline`); empty on a new node.
    func replicaState() async throws -> [String: String]
    /// Every product this node holds with its version (products without one count as version -1).
    func replicaVersions() async throws -> [String: Int64]
    /// Applies upserts and deletes and persists `state`, all in one local transaction.
    func applyReplicated(upserts: [ReplicatedProduct], deletes: [String], state: [String: String]) async throws
}

/// What `/health` and `/metrics` show of the feed.
public struct ReplicaStatus: Sendable {
    /// The horizon applied: every transaction with a smaller xid is on this node.
    public var cursor: Int64 = 0
    /// Seconds this node's data may be behind PostgreSQL: time since the last complete poll, or the age of the
    /// oldest commit the horizon cannot pass yet (a long transaction on the primary holds it back).
    public var lagSeconds: Double = .infinity
    /// Product changes applied since start.
    public var applied: Int = 0
    /// Polls that completed since start.
    public var polls: Int = 0
    /// Polls that failed since start.
    public var errors: Int = 0
    /// Full (id, version) reconciles since start (bootstrap, timeline change, a cursor older than retained changes).
    public var reconciles: Int = 0
    /// `host:port` the feed reads from, nil when disconnected.
    public var source: String?
    /// The source's PostgreSQL timeline and system identifier.
    public var timeline: Int64?
    /// See `timeline`.
    public var systemIdentifier: String?
    /// The last error, if the last poll failed.
    public var lastError: String?
    /// True once the first poll (bootstrap or catch-up) completed.
    public var caughtUp = false
}
