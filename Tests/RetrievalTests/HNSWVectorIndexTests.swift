import HNSW
import Retrieval
import Testing
import VectorMath

/// The `VectorIndexing` adapter: commit-order application, similarity scores, key filters.
@Suite struct HNSWVectorIndexTests {
    @Test func appliesUpsertsAndRemovalsAndScoresBySimilarity() {
        let adapter = HNSWVectorIndex(configuration: HNSWConfiguration(dimension: 3, metric: .cosine))
        adapter.apply(upserts: [(1, [1, 0, 0]), (2, [0, 1, 0]), (3, [1, 1, 0])], removals: [])
        #expect(adapter.count == 3)
        let hits = adapter.search([2, 0, 0], k: 3, ef: nil, allow: nil)
        #expect(hits.map(\.key) == [1, 3, 2])
        #expect(abs(hits[0].score - 1) < 1e-5)
        #expect(abs(hits[1].score - 0.70710677) < 1e-5)
        #expect(hits[0].score >= hits[1].score && hits[1].score >= hits[2].score)
        // Re-upsert and removal in one call: upserts first, then removals.
        adapter.apply(upserts: [(2, [1, 0, 0.1])], removals: [1])
        #expect(adapter.count == 2)
        #expect(adapter.search([1, 0, 0], k: 1, ef: nil, allow: nil).first?.key == 2)
        #expect(adapter.search([1, 0, 0], k: 3, ef: nil, allow: { $0 == 3 }).map(\.key) == [3])
    }

    @Test func l2ScoresAreNegatedDistances() {
        let adapter = HNSWVectorIndex(configuration: HNSWConfiguration(dimension: 2, metric: .l2))
        adapter.apply(upserts: [(7, [3, 4]), (8, [0, 1])], removals: [])
        let hits = adapter.search([0, 0], k: 2, ef: nil, allow: nil)
        #expect(hits.map(\.key) == [8, 7])
        #expect(hits.map(\.score) == [-1, -25])
    }
}
