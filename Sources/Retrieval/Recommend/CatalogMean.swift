import Synchronization

/// The mean of the catalog's page vectors, for centring the content space: text embeddings are anisotropic (a
/// mean of history vectors is close to everything), and subtracting the mean is what lifts a history mean from
/// "popular-looking" to "like these" (the shared log's baselines: MiniLM 0.085 → 0.127 HR@10).
///
/// Computed on first use and again once the product count has moved by 1% (any change below 100 products), by
/// reading the page vectors from the index; between two computations it may lag behind replaced products.
final class CatalogMean: Sendable {
    private let cached = Mutex<(count: Int, mean: [Float])?>(nil)

    /// The current mean, or nil for an empty catalog.
    func current(directory: AppearanceDirectory, index: any VectorIndexing) -> [Float]? {
        let count = directory.productCount
        if let c = cached.withLock({ $0 }), abs(c.count - count) < max(1, c.count / 100) { return c.mean }
        var sum: [Float] = []
        var n = 0
        for key in directory.pageKeys() {
            guard let v = index.vector(forKey: key) else { continue }
            if sum.isEmpty { sum = [Float](repeating: 0, count: v.count) }
            guard v.count == sum.count else { continue }
            for i in sum.indices { sum[i] += v[i] }
            n += 1
        }
        guard n > 0 else { return nil }
        let mean = sum.map { $0 / Float(n) }
        cached.withLock { $0 = (count, mean) }
        return mean
    }
}
