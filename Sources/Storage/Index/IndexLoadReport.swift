/// What start-up did to get the in-memory index back, for logs and `/health`.
public struct IndexLoadReport: Sendable, Equatable {
    /// Where the graph came from.
    public enum Source: Sendable, Equatable {
        /// A snapshot (row id, sequence it covered).
        case snapshot(id: Int64, sequence: Int64)
        /// Rebuilt by inserting every stored vector.
        case rebuilt
    }

    /// Where the graph came from.
    public var source: Source
    /// Changes applied on top of the snapshot.
    public var replayed: Int
    /// Snapshots that were skipped and why (corrupt, truncated, other parameters...).
    public var rejected: [String]
    /// Seconds the whole load took.
    public var seconds: Double
}
