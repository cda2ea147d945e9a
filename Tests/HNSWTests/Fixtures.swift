import HNSW
import VectorMath

/// Seeded test data: a Gaussian-ish mixture (clusters plus noise), which is what embeddings look like and what
/// makes graph search non-trivial.
enum Fixtures {
    static func clustered(count: Int, dimension: Int, clusters: Int = 20, seed: UInt64,
                          normalized: Bool = false) -> [[Float]] {
        var rng = SplitMix64(seed: seed)
        let centers = (0..<clusters).map { _ in rng.vector(count: dimension) }
        return (0..<count).map { i in
            let c = centers[Int(rng.next() % UInt64(clusters))]
            _ = i
            let v = c.map { $0 + 0.35 * (rng.nextSignedUnitFloat() + rng.nextSignedUnitFloat()) }
            return normalized ? Kernels.normalized(v) : v
        }
    }

    static func index(_ vectors: [[Float]], metric: Metric, M: Int = 12, efConstruction: Int = 100,
                      seed: UInt64 = 1) -> HNSWIndex {
        let index = HNSWIndex(configuration: HNSWConfiguration(
            dimension: vectors[0].count, metric: metric, M: M, efConstruction: efConstruction, efSearch: 64,
            seed: seed, initialCapacity: 16))
        for (i, v) in vectors.enumerated() { index.insert(key: Int64(i), vector: v) }
        return index
    }

    static func brute(_ vectors: [[Float]], metric: Metric, keys: [Int64]? = nil) -> BruteForceIndex {
        var brute = BruteForceIndex(dimension: vectors[0].count, metric: metric)
        for (i, v) in vectors.enumerated() { brute.insert(key: keys?[i] ?? Int64(i), vector: v) }
        return brute
    }

    /// Mean fraction of the exact top-k keys that the approximate results contain.
    static func recall(_ approximate: [[IndexHit]], _ exact: [[IndexHit]]) -> Double {
        var hit = 0, total = 0
        for (a, e) in zip(approximate, exact) {
            let truth = Set(e.map(\.key))
            hit += a.filter { truth.contains($0.key) }.count
            total += e.count
        }
        return total == 0 ? 1 : Double(hit) / Double(total)
    }
}
