import HNSW
import Testing
import VectorMath

/// Recall@10 of the graph against exact search, per metric, on seeded clustered data.
@Suite struct RecallTests {
    @Test(arguments: [Metric.innerProduct, .l2, .cosine])
    func recallAgainstBruteForce(metric: Metric) {
        // Inner product is only a proper similarity on unit vectors (what embeddings are); l2 gets raw data.
        let unit = metric != .l2
        let data = Fixtures.clustered(count: 3_000, dimension: 32, seed: 11, normalized: unit)
        let queries = Fixtures.clustered(count: 100, dimension: 32, seed: 12, normalized: unit)
        let index = Fixtures.index(data, metric: metric)
        let brute = Fixtures.brute(data, metric: metric)
        #expect(index.count == 3_000)
        #expect(index.invariantViolations() == [])
        let approximate = queries.map { index.search($0, k: 10, ef: 64) }
        let exact = queries.map { brute.search($0, k: 10) }
        let recall = Fixtures.recall(approximate, exact)
        #expect(recall >= 0.95, "recall@10 \(recall) for \(metric)")
        for hits in approximate {
            #expect(hits.count == 10)
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.distance <= $1.distance })
        }
        // A tiny ef must still return k results (ef is raised to k).
        #expect(index.search(queries[0], k: 10, ef: 1).count == 10)
    }

    @Test func distancesMatchTheMetric() {
        let data = Fixtures.clustered(count: 200, dimension: 16, seed: 3)
        let index = Fixtures.index(data, metric: .l2)
        let hit = index.search(data[17], k: 1)[0]
        #expect(hit.key == 17)
        #expect(hit.distance == 0)
        let ip = Fixtures.index(data, metric: .innerProduct)
        let top = ip.search(data[5], k: 3)
        let expected = 1 - Kernels.dot(data[5], data[Int(top[0].key)])
        #expect(abs(top[0].distance - expected) < 1e-5)
    }

    @Test func emptyAndTinyIndexes() {
        let index = HNSWIndex(configuration: HNSWConfiguration(dimension: 4, metric: .l2))
        #expect(index.search([0, 0, 0, 0], k: 5).isEmpty)
        index.insert(key: 9, vector: [1, 0, 0, 0])
        #expect(index.search([0, 0, 0, 0], k: 5).map(\.key) == [9])
        #expect(index.remove(key: 9))
        #expect(index.search([0, 0, 0, 0], k: 5).isEmpty)
        #expect(!index.remove(key: 9))
        index.compact()
        #expect(index.invariantViolations() == [])
        #expect(index.search([0, 0, 0, 0], k: 5).isEmpty)
        index.insert(key: 10, vector: [0, 1, 0, 0])
        #expect(index.search([0, 0, 0, 0], k: 5).map(\.key) == [10])
    }
}
