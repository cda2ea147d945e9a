@testable import HNSW
import Testing
import VectorMath

/// A filtered search's cost is bounded per request: the widened ef by `maxFilteredEf`, the exact scan's distances
/// by `exactScanBudget`; within the bounds the answers stay exact.
@Suite struct FilterBoundsTests {
    static let data = Fixtures.clustered(count: 3_000, dimension: 16, seed: 51)

    static func index(_ change: (inout HNSWConfiguration) -> Void = { _ in }) -> HNSWIndex {
        var configuration = HNSWConfiguration(dimension: 16, metric: .innerProduct, M: 8, efConstruction: 60, seed: 5)
        change(&configuration)
        let index = HNSWIndex(configuration: configuration)
        for (i, v) in data.enumerated() { index.insert(key: Int64(i), vector: v) }
        return index
    }

    @Test func theExactScanStopsAtItsBudget() {
        let query = Fixtures.clustered(count: 1, dimension: 16, seed: 52)[0]
        let even: (UInt32, Int64) -> Bool = { _, key in key % 2 == 0 }
        // Every filtered search scans exactly here (the threshold is above the index size).
        let full = Self.index { $0.exactScanThreshold = 10_000 }
        let bounded = Self.index { $0.exactScanThreshold = 10_000; $0.exactScanBudget = 100 }
        var truth = BruteForceIndex(dimension: 16, metric: .innerProduct)
        for (i, v) in Self.data.enumerated() where i % 2 == 0 { truth.insert(key: Int64(i), vector: v) }
        #expect(full.search(query, k: 10, where: even).map(\.key) == truth.search(query, k: 10).map(\.key))
        let hits = bounded.search(query, k: 10, where: even)
        #expect(hits.count == 10)
        // Only the first 100 matches (slot order is insertion order here: keys 0, 2, ..., 198) were considered.
        #expect(hits.allSatisfy { $0.key < 200 && $0.key % 2 == 0 }, "\(hits.map(\.key))")
        var firstHundred = BruteForceIndex(dimension: 16, metric: .innerProduct)
        for i in stride(from: 0, to: 200, by: 2) { firstHundred.insert(key: Int64(i), vector: Self.data[i]) }
        #expect(hits.map(\.key) == firstHundred.search(query, k: 10).map(\.key))
    }

    @Test func theWidenedEfIsCapped() {
        let queries = Fixtures.clustered(count: 20, dimension: 16, seed: 53)
        func visits(_ index: HNSWIndex) -> Int {
            var calls = 0
            for q in queries {
                let hits = index.search(q, k: 10, ef: 16, where: { _, key in calls += 1; return key % 10 == 0 })
                #expect(hits.count == 10 && hits.allSatisfy { $0.key % 10 == 0 })
            }
            return calls
        }
        // 10% selectivity: ef 16 widens to 16 x sqrt(10) = 51 unless capped at 16. (An exact budget below the 300
        // matches makes the walk the plan: at this size the scan would be cheaper.)
        let wide = visits(Self.index { $0.exactScanThreshold = 10; $0.exactScanBudget = 50 })
        let capped = visits(Self.index { $0.exactScanThreshold = 10; $0.exactScanBudget = 50; $0.maxFilteredEf = 16 })
        #expect(capped < wide, "capped \(capped), uncapped \(wide)")
        let c = HNSWConfiguration(dimension: 16, metric: .innerProduct, M: 16, maxFilteredEf: 32)
        #expect(HNSWGraph.filteredPlan(selectivity: 0.1, live: 1_150_000, slots: 1_150_000, k: 10, ef: 64,
                                       configuration: c) == .walk(width: 64))
        #expect(HNSWGraph.filteredPlan(selectivity: 0.1, live: 1_150_000, slots: 1_150_000, k: 10, ef: 16,
                                       configuration: c) == .walk(width: 32))
    }

    /// The plan is the cheaper one in expected distances; figures from a 1.15M-appearance catalog.
    @Test func filteredSearchesTakeTheCheaperPlan() {
        let c = HNSWConfiguration(dimension: 16, metric: .innerProduct, M: 16)
        func plan(_ s: Double, live: Int, ef: Int = 64) -> HNSWGraph.FilteredPlan {
            HNSWGraph.filteredPlan(selectivity: s, live: live, slots: live, k: 10, ef: ef, configuration: c)
        }
        // Few matches: always exact.
        #expect(plan(0.001, live: 1_150_000) == .exact)
        // 1% of 1.15M: 11,500 distances + a pass over the columns beat a beam of 512 collected at 1%.
        #expect(plan(0.01, live: 1_150_000) == .exact)
        // 10% of 1.15M: the walk, ef widened by sqrt(10) (not by 10: 640 would cost three times as much).
        #expect(plan(0.1, live: 1_150_000) == .walk(width: 203))
        // 10% of a small index: the scan is cheaper.
        #expect(plan(0.1, live: 3_000) == .exact)
        // Most of the index matches: the walk barely widens.
        #expect(plan(0.5, live: 1_150_000) == .walk(width: 91))
        // Past the exact budget a scan would stop early; the walk is taken even if it costs more.
        let tight = HNSWConfiguration(dimension: 16, metric: .innerProduct, M: 16, exactScanBudget: 5_000)
        #expect(HNSWGraph.filteredPlan(selectivity: 0.01, live: 1_150_000, slots: 1_150_000, k: 10, ef: 64,
                                       configuration: tight) == .walk(width: 512))
    }

    /// A candidate list (the keys a brand has) gives the answers of the filtered search over all slots, and only
    /// the listed keys are looked at by the exact scan.
    @Test func aCandidateListGivesTheSameAnswers() {
        // The lists below are put in slot order both ways: the 1/100 list by sorting, the longer ones by marking.
        #expect(!HNSWGraph.ordersByMarking(candidates: 30, slots: 3_000))
        #expect(HNSWGraph.ordersByMarking(candidates: 300, slots: 3_000))
        let queries = Fixtures.clustered(count: 20, dimension: 16, seed: 54)
        for vectorType in [HNSWVectorType.f32, .int8] {
            let index = Self.index { $0.vectorType = vectorType }
            index.remove(key: 30)  // a deleted key left in the list is skipped
            for modulus in [Int64(100), 10, 3] {
                let list = Set(stride(from: Int64(0), to: 3_000, by: Int(modulus)))
                let predicate: (UInt32, Int64) -> Bool = { _, key in key % modulus == 0 && key % 7 != 0 }
                for q in queries {
                    let full = index.search(q, k: 10, where: predicate)
                    let listed = index.search(q, k: 10, candidates: list, where: predicate)
                    #expect(listed.map(\.key) == full.map(\.key), "\(vectorType) 1/\(modulus)")
                    #expect(listed.count == 10 && !listed.contains { $0.key == 30 })
                }
                #expect(index.search(queries[0], k: 10, candidates: Set<Int64>(), where: predicate).isEmpty)
            }
        }
    }

    /// With a candidate list the scan's cost is the list's lookups (a quarter of a distance each), not a pass over
    /// every slot (1/32 each): at 1% of 1.15M with a beam of 16 the walk (16 / 0.01 x 16 = 25,600 distances) beats
    /// the pass (11,500 + 35,937) but not the brand's list (11,500 + 2,875); a list much longer than its matches
    /// (a category narrowed by price) still pays for its lookups.
    @Test func aCandidateListMakesTheScanCheaper() {
        let c = HNSWConfiguration(dimension: 16, metric: .innerProduct, M: 16, maxFilteredEf: 16)
        func plan(scanned: Int?) -> HNSWGraph.FilteredPlan {
            HNSWGraph.filteredPlan(selectivity: 0.01, live: 1_150_000, slots: 1_150_000, k: 10, ef: 16,
                                   configuration: c, scanned: scanned)
        }
        #expect(plan(scanned: nil) == .walk(width: 16))
        #expect(plan(scanned: 11_500) == .exact)
        #expect(plan(scanned: 400_000) == .walk(width: 16))
    }
}
