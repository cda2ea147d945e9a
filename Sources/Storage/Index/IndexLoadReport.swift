/// What start-up did to get the in-memory index back, for logs and `/health`.
public struct IndexLoadReport: Sendable, Equatable {
    /// Where the graph came from.
    public enum Source: Sendable, Equatable {
        /// A snapshot (header row id, sequence it covered): a file, or a legacy in-database blob (`legacy`).
        case snapshot(id: Int64, sequence: Int64)
        /// Rebuilt by inserting every stored vector.
        case rebuilt
    }

    /// Where the graph came from.
    public var source: Source
    /// Changes applied on top of the snapshot.
    public var replayed: Int
    /// Snapshots that were skipped and why (missing, corrupt, truncated, other parameters...).
    public var rejected: [String]
    /// Seconds the whole load took.
    public var seconds: Double
    /// The snapshot file loaded, if any.
    public var file: String? = nil
    /// True when the snapshot was a legacy `index_snapshots` blob.
    public var legacy = false
    /// The file a legacy snapshot was rewritten as, once done.
    public var migratedTo: String? = nil
    /// Stored vectors (replayed or rebuilt) skipped because their length is not the index's dimension.
    public var skippedVectors = 0

    /// A report.
    public init(source: Source, replayed: Int, rejected: [String], seconds: Double) {
        self.source = source
        self.replayed = replayed
        self.rejected = rejected
        self.seconds = seconds
    }
}
