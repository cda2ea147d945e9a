import HNSW
import Testing
import VectorMath

/// Filtered search keeps recall from 0.2% to 100% selectivity (the collapse peers report, hnswlib #465).
@Suite struct FilterTests {
    static let data = Fixtures.clustered(count: 5_000, dimension: 24, seed: 31, normalized: true)
    static let queries = Fixtures.clustered(count: 50, dimension: 24, seed: 32, normalized: true)
    static let index = Fixtures.index(data, metric: .innerProduct, M: 16)

    /// Each key gets a "category" in 0..<1000; a filter admits categories below a cut-off.
    static func category(_ key: Int64) -> Int64 { (key &* 7919) % 1_000 }

    @Test(arguments: [2, 10, 50, 200, 500, 1_000])
    func filteredRecall(permille: Int64) {
        let brute = Fixtures.brute(Self.data, metric: .innerProduct)
        var approximate: [[IndexHit]] = []
        for q in Self.queries {
            approximate.append(Self.index.search(q, k: 10, ef: 64) { _, key in Self.category(key) < permille })
        }
        let exact = Self.queries.map { q in brute.search(q, k: 10) { Self.category($0) < permille } }
        for (hits, truth) in zip(approximate, exact) {
            #expect(hits.count == truth.count)
            #expect(hits.allSatisfy { Self.category($0.key) < permille })
        }
        // The claim is "no collapse": filtered recall stays at the unfiltered level (or better, once the exact
        // path takes over), on data where unfiltered HNSW at this ef is itself good but not perfect.
        let recall = Fixtures.recall(approximate, exact)
        let baseline = Fixtures.recall(Self.queries.map { Self.index.search($0, k: 10, ef: 64) },
                                       Self.queries.map { brute.search($0, k: 10) })
        #expect(baseline >= 0.85, "unfiltered recall \(baseline)")
        #expect(recall >= min(0.95, baseline - 0.03), "recall \(recall) at \(permille)‰, unfiltered \(baseline)")
    }

    @Test func slotPredicateSeesSlots() {
        // Per-slot metadata as the catalog keeps it: a flat array indexed by slot.
        var allowed = [Bool](repeating: false, count: Self.index.slotCapacity)
        for key in stride(from: Int64(0), to: 5_000, by: 3) { allowed[Int(Self.index.slot(forKey: key)!)] = true }
        let hits = Self.index.search(Self.queries[0], k: 10) { slot, _ in allowed[Int(slot)] }
        #expect(hits.count == 10)
        #expect(hits.allSatisfy { $0.key % 3 == 0 })
        #expect(Self.index.search(Self.queries[0], k: 10) { _, _ in false }.isEmpty)
    }

    @Test func exactSearchMatchesBruteForce() {
        let brute = Fixtures.brute(Self.data, metric: .innerProduct)
        for q in Self.queries.prefix(5) {
            #expect(Self.index.exactSearch(q, k: 10).map(\.key) == brute.search(q, k: 10).map(\.key))
        }
    }
}
