/// The port to the in-memory ANN index over appearance vectors (many readers, one writer).
public protocol VectorIndexing: Sendable {
    /// Number of live vectors.
    var count: Int { get }
    /// Inserts or replaces the vectors under `key`s, then removes `removed` keys. Called only after the
    /// corresponding SQLite transaction has committed, in commit order.
    func apply(upserts: [(key: Int64, vector: [Float])], removals: [Int64])
    /// The `k` nearest keys to `query` by similarity (higher is better), restricted to keys `allow` accepts.
    /// `candidates`, when given, holds every key `allow` can accept (a brand's or category's appearances), so a
    /// selective filter is scanned over those keys alone.
    func search(_ query: [Float], k: Int, ef: Int?, allow: (@Sendable (Int64) -> Bool)?,
                candidates: Set<Int64>?) -> [(key: Int64, score: Float)]
    /// The vector stored under `key`, or nil (recommendations read their examples' vectors from memory).
    func vector(forKey key: Int64) -> [Float]?
}

extension VectorIndexing {
    /// `search(_:k:ef:allow:candidates:)` without a candidate list.
    public func search(_ query: [Float], k: Int, ef: Int?, allow: (@Sendable (Int64) -> Bool)?) -> [(key: Int64, score: Float)] {
        search(query, k: k, ef: ef, allow: allow, candidates: nil)
    }
}
