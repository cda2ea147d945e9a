import Retrieval
import Synchronization

/// A `VectorIndexing` that is exact: every live vector scored by inner product, best first (ties by smaller key),
/// only keys `allow` accepts. `ef` is ignored but recorded with each search.
package final class BruteForceIndex: VectorIndexing, Sendable {
    /// One recorded search.
    package struct Search: Sendable, Equatable {
        /// The `k` asked for.
        package var k: Int
        /// The `ef` passed.
        package var ef: Int?
        /// Whether an `allow` predicate was passed.
        package var filtered: Bool
        /// The size of the candidate list passed (nil: none).
        package var candidates: Int? = nil
        /// Keys `allow` accepted that were not in the candidate list (a wrong list: the real index would miss them).
        package var missed: Int = 0
    }

    private struct State {
        var vectors: [Int64: [Float]] = [:]
        var searches: [Search] = []
    }

    private let state = Mutex(State())

    /// An empty index.
    package init() {}

    package var count: Int { state.withLock { $0.vectors.count } }

    /// The live keys.
    package var keys: Set<Int64> { state.withLock { Set($0.vectors.keys) } }

    /// The vector stored under `key`.
    package func vector(_ key: Int64) -> [Float]? { state.withLock { $0.vectors[key] } }

    /// Every search so far, in order.
    package var searches: [Search] { state.withLock { $0.searches } }

    package func vector(forKey key: Int64) -> [Float]? { vector(key) }

    package func apply(upserts: [(key: Int64, vector: [Float])], removals: [Int64]) {
        state.withLock { s in
            for (key, vector) in upserts { s.vectors[key] = vector }
            for key in removals { s.vectors.removeValue(forKey: key) }
        }
    }

    package func search(_ query: [Float], k: Int, ef: Int?, allow: (@Sendable (Int64) -> Bool)?,
                        candidates: Set<Int64>?) -> [(key: Int64, score: Float)] {
        let vectors = state.withLock { $0.vectors }
        var scored: [(key: Int64, score: Float)] = []
        var missed = 0
        for (key, vector) in vectors where allow?(key) ?? true {
            if let candidates, !candidates.contains(key) { missed += 1; continue }
            precondition(vector.count == query.count, "query has \(query.count) dimensions, key \(key) has \(vector.count)")
            var dot: Float = 0
            for i in 0..<query.count { dot += query[i] * vector[i] }
            scored.append((key, dot))
        }
        state.withLock { s in
            s.searches.append(Search(k: k, ef: ef, filtered: allow != nil, candidates: candidates?.count, missed: missed))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }
        return Array(scored.prefix(max(0, k)))
    }
}
