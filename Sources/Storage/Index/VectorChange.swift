/// One committed change to the stored vectors, in sequence order: an upsert (with its vector) or a delete.
public struct VectorChange: Sendable, Equatable {
    /// Monotonically increasing across all changes; the position in the change feed.
    public var sequence: Int64
    /// The vector's external key.
    public var key: Int64
    /// The new vector, or nil when the key was deleted.
    public var vector: [Float]?

    /// A change.
    public init(sequence: Int64, key: Int64, vector: [Float]?) {
        self.sequence = sequence
        self.key = key
        self.vector = vector
    }
}
