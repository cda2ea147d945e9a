import HNSW
import Testing
import VectorMath

/// Issue 13, fast ingest: `insertBatch` searches the batch's neighbours on two threads and links them in order;
/// the graph it builds is as good as one-by-one inserts and keeps every invariant, replaces included.
@Suite struct BatchInsertTests {
    static let dimension = 24

    static func configuration(_ metric: Metric) -> HNSWConfiguration {
        HNSWConfiguration(dimension: dimension, metric: metric, M: 12, efConstruction: 100, efSearch: 64, seed: 7,
                          initialCapacity: 16)
    }

    @Test(arguments: [Metric.cosine, Metric.l2])
    func recallMatchesOneByOneInserts(metric: Metric) {
        let data = Fixtures.clustered(count: 1_500, dimension: Self.dimension, seed: 11)
        let queries = Fixtures.clustered(count: 60, dimension: Self.dimension, seed: 12)
        let single = HNSWIndex(configuration: Self.configuration(metric))
        for (i, v) in data.enumerated() { single.insert(key: Int64(i), vector: v) }
        let batched = HNSWIndex(configuration: Self.configuration(metric))
        for start in stride(from: 0, to: data.count, by: 100) {
            let items = (start..<min(start + 100, data.count)).map { (key: Int64($0), vector: data[$0]) }
            #expect(batched.insertBatch(items).count == items.count)
        }
        #expect(batched.count == data.count)
        #expect(batched.invariantViolations() == [])
        let exact = Fixtures.brute(data, metric: metric)
        let truth = queries.map { exact.search($0, k: 10) }
        let r1 = Fixtures.recall(queries.map { single.search($0, k: 10, ef: 64) }, truth)
        let r2 = Fixtures.recall(queries.map { batched.search($0, k: 10, ef: 64) }, truth)
        #expect(r2 >= 0.9, "batched recall \(r2)")
        #expect(r2 >= r1 - 0.01, "batched recall \(r2) against one by one \(r1)")
    }

    @Test func replacesInsideAndAcrossBatchesKeepTheLatestVector() {
        let data = Fixtures.clustered(count: 400, dimension: Self.dimension, seed: 21)
        let index = HNSWIndex(configuration: Self.configuration(.l2))
        index.insertBatch((0..<200).map { (Int64($0), data[$0]) })
        // Keys 0..<50 again with new vectors, and key 7 twice within the batch: the last one wins.
        var items = (0..<50).map { (key: Int64($0), vector: data[200 + $0]) }
        items.append((key: 7, vector: data[399]))
        index.insertBatch(items)
        #expect(index.count == 200)
        #expect(index.invariantViolations() == [])
        #expect(index.vector(forKey: 7) == data[399])
        #expect(index.vector(forKey: 3) == data[203])
        #expect(index.search(data[399], k: 1).first?.key == 7)
        index.remove(key: 7)
        #expect(index.count == 199)
        #expect(index.invariantViolations() == [])
    }
}
