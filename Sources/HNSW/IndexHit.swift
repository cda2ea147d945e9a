import VectorMath

/// One result of a nearest-neighbour search.
public struct IndexHit: Sendable, Equatable {
    /// The caller's key for the vector.
    public var key: Int64
    /// The internal slot the vector occupies (what filter predicates receive).
    public var slot: UInt32
    /// Distance to the query under the index metric (smaller is closer); see `Metric.score(fromDistance:)`.
    public var distance: Float

    /// A hit.
    public init(key: Int64, slot: UInt32, distance: Float) {
        self.key = key
        self.slot = slot
        self.distance = distance
    }
}
