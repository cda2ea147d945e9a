import VectorMath

/// Exact nearest-neighbour search by scanning every vector: the recall reference for HNSW in tests and
/// benchmarks. Not thread-safe; not meant for serving.
public struct BruteForceIndex: Sendable {
    /// The metric vectors are compared with.
    public let metric: Metric
    /// Floats per vector.
    public let dimension: Int
    private var vectors: [Float] = []
    private var keys: [Int64] = []
    private var rowOfKey: [Int64: Int] = [:]

    /// An empty index.
    public init(dimension: Int, metric: Metric) {
        self.dimension = dimension
        self.metric = metric
    }

    /// Number of vectors held.
    public var count: Int { keys.count }

    /// Inserts or replaces `key`'s vector.
    public mutating func insert(key: Int64, vector: [Float]) {
        precondition(vector.count == dimension, "dimension mismatch")
        let v = metric.normalizesInput ? Kernels.normalized(vector) : vector
        if let row = rowOfKey[key] {
            vectors.replaceSubrange(row * dimension..<(row + 1) * dimension, with: v)
        } else {
            rowOfKey[key] = keys.count
            keys.append(key)
            vectors.append(contentsOf: v)
        }
    }

    /// Removes `key`'s vector (moving the last row into its place); returns false if absent.
    @discardableResult
    public mutating func remove(key: Int64) -> Bool {
        guard let row = rowOfKey.removeValue(forKey: key) else { return false }
        let last = keys.count - 1
        if row != last {
            keys[row] = keys[last]
            rowOfKey[keys[row]] = row
            for i in 0..<dimension { vectors[row * dimension + i] = vectors[last * dimension + i] }
        }
        keys.removeLast()
        vectors.removeLast(dimension)
        return true
    }

    /// The exact `k` nearest vectors whose key satisfies `predicate`, best first (slot is the row).
    public func search(_ query: [Float], k: Int, where predicate: (Int64) -> Bool = { _ in true }) -> [IndexHit] {
        precondition(query.count == dimension, "dimension mismatch")
        let q = metric.normalizesInput ? Kernels.normalized(query) : query
        var hits: [IndexHit] = []
        q.withUnsafeBufferPointer { qp in
            vectors.withUnsafeBufferPointer { vp in
                for row in 0..<keys.count where predicate(keys[row]) {
                    let d = metric.distance(qp.baseAddress!, vp.baseAddress! + row * dimension, count: dimension)
                    hits.append(IndexHit(key: keys[row], slot: UInt32(row), distance: d))
                }
            }
        }
        hits.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.key < $1.key) }
        return Array(hits.prefix(k))
    }
}
