import HNSW
import Testing
import VectorMath

/// Inserts, updates and deletes in a seeded random order, with the invariant checker after every mutation.
@Suite struct MutationTests {
    @Test func invariantsHoldAfterEveryMutation() {
        let dimension = 16
        var rng = SplitMix64(seed: 99)
        let index = HNSWIndex(configuration: HNSWConfiguration(
            dimension: dimension, metric: .l2, M: 6, efConstruction: 40, seed: 5, initialCapacity: 16,
            compactionRatio: 0.2, compactionMinimum: 8))
        var truth: [Int64: [Float]] = [:]
        var deleted = Set<Int64>()
        for step in 0..<1_500 {
            let roll = rng.next() % 10
            let key = Int64(rng.next() % 400)
            if roll < 6 {
                let v = rng.vector(count: dimension)
                index.insert(key: key, vector: v)
                truth[key] = v
                deleted.remove(key)
            } else if truth.removeValue(forKey: key) != nil {
                #expect(index.remove(key: key))
                deleted.insert(key)
            } else {
                #expect(!index.remove(key: key))
            }
            let problems = index.invariantViolations()
            #expect(problems.isEmpty, "step \(step): \(problems)")
            if !problems.isEmpty { return }
            #expect(index.count == truth.count)
        }
        // Every live key is findable by its own vector, and no deleted key ever comes back.
        // M = 6 is deliberately small (more pruning, more repairs), so allow a rare miss at rank 1 but none in
        // the top 5.
        var misses = 0
        for (key, v) in truth {
            let hits = index.search(v, k: 5, ef: 64)
            if hits.first?.key != key { misses += 1 }
            #expect(hits.contains { $0.key == key }, "key \(key) not in its own top 5")
            #expect(hits.allSatisfy { !deleted.contains($0.key) })
        }
        #expect(misses * 100 <= truth.count, "\(misses) of \(truth.count) live vectors not found by their own vector")
        #expect(Set(index.keys) == Set(truth.keys))
    }

    @Test func updateReplacesTheVector() {
        let data = Fixtures.clustered(count: 500, dimension: 8, seed: 4)
        let index = Fixtures.index(data, metric: .l2)
        let moved: [Float] = Array(repeating: 50, count: 8)
        let before = index.slot(forKey: 42)
        let after = index.insert(key: 42, vector: moved)
        #expect(before != after)
        #expect(index.count == 500)
        #expect(index.search(moved, k: 1)[0].key == 42)
        #expect(index.search(data[42], k: 500, ef: 500).allSatisfy { $0.key != 42 || $0.distance > 1_000 })
        #expect(index.vector(forKey: 42) == moved)
        #expect(index.invariantViolations() == [])
    }

    @Test func deletesKeepRecallAndReuseMemory() {
        let data = Fixtures.clustered(count: 2_000, dimension: 24, seed: 21, normalized: true)
        let queries = Fixtures.clustered(count: 60, dimension: 24, seed: 22, normalized: true)
        let index = Fixtures.index(data, metric: .innerProduct)
        let capacity = index.slotCapacity
        // Three rounds: delete 40% of the keys, then insert as many fresh ones.
        var live = Set((0..<2_000).map(Int64.init))
        var rng = SplitMix64(seed: 23)
        var next: Int64 = 10_000
        var vectors = Dictionary(uniqueKeysWithValues: data.enumerated().map { (Int64($0.offset), $0.element) })
        for _ in 0..<3 {
            let victims = live.shuffled(using: &rng).prefix(800)
            for key in victims {
                #expect(index.remove(key: key))
                live.remove(key)
                vectors[key] = nil
            }
            for v in Fixtures.clustered(count: 800, dimension: 24, seed: rng.next(), normalized: true) {
                index.insert(key: next, vector: v)
                vectors[next] = v
                live.insert(next)
                next += 1
            }
            #expect(index.invariantViolations() == [])
        }
        index.compact()
        #expect(index.tombstoneCount == 0)
        #expect(index.invariantViolations() == [])
        // Slots are reused: three rounds of churn grow the slot space by at most one compaction batch.
        #expect(index.slotCapacity <= capacity + 400)
        let keys = Array(vectors.keys)
        let brute = Fixtures.brute(keys.map { vectors[$0]! }, metric: .innerProduct, keys: keys)
        let approximate = queries.map { index.search($0, k: 10, ef: 64) }
        let recall = Fixtures.recall(approximate, queries.map { brute.search($0, k: 10) })
        #expect(recall >= 0.95, "recall after churn \(recall)")
        #expect(approximate.allSatisfy { $0.allSatisfy { live.contains($0.key) } })
    }
}
