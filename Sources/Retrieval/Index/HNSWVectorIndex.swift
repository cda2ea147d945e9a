import HNSW

/// The `VectorIndexing` port backed by the HNSW graph. Scores are similarities (higher is better): the dot or
/// cosine for `ip`/`cosine`, the negated squared distance for `l2`.
public final class HNSWVectorIndex: VectorIndexing {
    /// The graph itself (snapshots, invariants, filtered search by slot).
    public let index: HNSWIndex

    /// An empty index with `configuration`.
    public convenience init(configuration: HNSWConfiguration) {
        self.init(index: HNSWIndex(configuration: configuration))
    }

    /// Wraps an existing graph (for example one loaded from a snapshot).
    public init(index: HNSWIndex) {
        self.index = index
    }

    /// Number of live vectors.
    public var count: Int { index.count }

    /// Upserts then removes, in the order given (callers pass commit order).
    public func apply(upserts: [(key: Int64, vector: [Float])], removals: [Int64]) {
        for upsert in upserts { index.insert(key: upsert.key, vector: upsert.vector) }
        for key in removals { index.remove(key: key) }
    }

    /// The `k` nearest keys by similarity; `allow` filters by key and keeps recall when selective (the index
    /// widens `ef` or scans the matching vectors exactly).
    public func search(_ query: [Float], k: Int, ef: Int?, allow: (@Sendable (Int64) -> Bool)?) -> [(key: Int64, score: Float)] {
        let metric = index.configuration.metric
        let hits = if let allow {
            index.search(query, k: k, ef: ef) { _, key in allow(key) }
        } else {
            index.search(query, k: k, ef: ef)
        }
        return hits.map { hit in
            (hit.key, metric == .l2 ? -hit.distance : metric.score(fromDistance: hit.distance))
        }
    }
}
