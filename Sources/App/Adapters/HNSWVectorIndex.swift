import HNSW
import Retrieval

/// Retrieval's index port over the HNSW graph: inner product on the fused vectors (they are not unit length
/// when a branch is missing, which is the point: a missing branch adds nothing to the score).
final class HNSWVectorIndex: VectorIndexing, @unchecked Sendable {
    let index: HNSWIndex

    init(_ index: HNSWIndex) { self.index = index }

    var count: Int { index.count }

    func apply(upserts: [(key: Int64, vector: [Float])], removals: [Int64]) {
        for key in removals { index.remove(key: key) }
        // Several at once (a batch's commit): their neighbour searches run on both cores.
        if upserts.count > 1 {
            index.insertBatch(upserts.map { ($0.key, $0.vector) })
        } else {
            for (key, vector) in upserts { index.insert(key: key, vector: vector) }
        }
    }

    func search(_ query: [Float], k: Int, ef: Int?, allow: (@Sendable (Int64) -> Bool)?,
                candidates: Set<Int64>?) -> [(key: Int64, score: Float)] {
        guard query.count == index.configuration.dimension, index.count > 0 else { return [] }
        let metric = index.configuration.metric
        let hits = if let allow, let candidates {
            index.search(query, k: k, ef: ef, candidates: candidates, where: { _, key in allow(key) })
        } else if let allow {
            index.search(query, k: k, ef: ef, where: { _, key in allow(key) })
        } else {
            index.search(query, k: k, ef: ef)
        }
        return hits.map { (key: $0.key, score: metric.score(fromDistance: $0.distance)) }
    }

    func vector(forKey key: Int64) -> [Float]? { index.vector(forKey: key) }
}
