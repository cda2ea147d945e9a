import HNSW
import Testing
import VectorMath

/// An int8 graph: recall against brute force within 0.01 of the f32 graph's, on both kernel paths; snapshots
/// that carry the vector type and skip zero blocks.
@Suite("HNSW int8 vectors")
struct Int8IndexTests {
    static func configuration(_ type: HNSWVectorType, metric: Metric, dimension: Int, isa: KernelISA = .avx2) -> HNSWConfiguration {
        var c = HNSWConfiguration(dimension: dimension, metric: metric, M: 12, efConstruction: 100, efSearch: 64, seed: 1,
                                  initialCapacity: 16)
        c.vectorType = type
        c.kernels = isa
        return c
    }

    static func build(_ data: [[Float]], _ c: HNSWConfiguration) -> HNSWIndex {
        let index = HNSWIndex(configuration: c)
        for (i, v) in data.enumerated() { index.insert(key: Int64(i), vector: v) }
        return index
    }

    @Test("recall@10 at the default ef within 0.01 of f32", arguments: KernelISA.available)
    func recallWithinBound(isa: KernelISA) {
        for metric in [Metric.cosine, .l2] {
            let unit = metric != .l2
            let data = Fixtures.clustered(count: 1_500, dimension: 64, seed: 31, normalized: unit)
            let queries = Fixtures.clustered(count: 100, dimension: 64, seed: 32, normalized: unit)
            let brute = Fixtures.brute(data, metric: metric)
            let exact = queries.map { brute.search($0, k: 10) }
            let f32 = Self.build(data, Self.configuration(.f32, metric: metric, dimension: 64, isa: isa))
            let int8 = Self.build(data, Self.configuration(.int8, metric: metric, dimension: 64, isa: isa))
            let r32 = Fixtures.recall(queries.map { f32.search($0, k: 10) }, exact)
            let r8 = Fixtures.recall(queries.map { int8.search($0, k: 10) }, exact)
            #expect(r8 >= r32 - 0.01, "\(metric) on \(isa): int8 recall \(r8), f32 \(r32)")
            #expect(r32 > 0.85, "f32 recall \(r32)")
            #expect(int8.invariantViolations() == [])
            // The re-ranked distances are those of the float query to the stored rows: close to the exact ones.
            for (q, hits) in zip(queries, queries.map { int8.search($0, k: 3) }) {
                for hit in hits {
                    let exactDistance = metric.distance(q, data[Int(hit.key)], count: 64)
                    #expect(abs(hit.distance - exactDistance) < 0.02 * (1 + abs(exactDistance)))
                }
            }
        }
    }

    @Test("filtered search (graph walk and exact scan) and deletes work on int8 rows")
    func filteredAndDeletes() {
        let data = Fixtures.clustered(count: 2_000, dimension: 64, seed: 41, normalized: true)
        let index = Self.build(data, Self.configuration(.int8, metric: .cosine, dimension: 64))
        for key in stride(from: 0, to: 2_000, by: 3) { index.remove(key: Int64(key)) }
        index.compact()
        #expect(index.invariantViolations() == [])
        let even = index.search(data[4], k: 10, where: { _, key in key % 2 == 0 })
        #expect(even.count == 10 && even.allSatisfy { $0.key % 2 == 0 && $0.key % 3 != 0 })
        let rare = index.search(data[20], k: 5, where: { _, key in key % 100 == 20 })
        #expect(rare.first?.key == 20)
        #expect(index.search(data[3], k: 1).first?.key != 3)
    }

    @Test("a snapshot carries the vector type: reloaded as int8 it answers alike, refused as f32 and the reverse")
    func snapshotCarriesType() throws {
        let data = Fixtures.clustered(count: 600, dimension: 80, seed: 51, normalized: true)
        let int8 = Self.build(data, Self.configuration(.int8, metric: .cosine, dimension: 80))
        let bytes = int8.snapshot(sequence: 7)
        let (loaded, sequence) = try HNSWIndex.load(snapshot: bytes, configuration: Self.configuration(.int8, metric: .cosine, dimension: 80))
        #expect(sequence == 7)
        #expect(loaded.snapshot(sequence: 7) == bytes)
        for q in data.prefix(20) { #expect(loaded.search(q, k: 5) == int8.search(q, k: 5)) }
        #expect(throws: HNSWSnapshotError.self) {
            try HNSWIndex.load(snapshot: bytes, configuration: Self.configuration(.f32, metric: .cosine, dimension: 80))
        }
        let f32 = Self.build(data, Self.configuration(.f32, metric: .cosine, dimension: 80))
        #expect(throws: HNSWSnapshotError.self) {
            try HNSWIndex.load(snapshot: f32.snapshot(sequence: 1), configuration: Self.configuration(.int8, metric: .cosine, dimension: 80))
        }
    }

    @Test("a missing branch costs nothing in the int8 snapshot: zero blocks are not written")
    func zeroBranchesSkipped() {
        // 128 "text" dimensions, 128 "visual" ones; half the vectors have no visual branch.
        var rng = SplitMix64(seed: 61)
        let full = (0..<400).map { _ in Kernels.normalized(rng.vector(count: 256)) }
        let textOnly = full.map { Array($0[0..<128]) + [Float](repeating: 0, count: 128) }
        let a = Self.build(full, Self.configuration(.int8, metric: .innerProduct, dimension: 256))
        let b = Self.build(textOnly, Self.configuration(.int8, metric: .innerProduct, dimension: 256))
        let perSlot = Double(a.snapshot(sequence: 1).count - b.snapshot(sequence: 1).count) / 400
        #expect(perSlot == 128 + 2 * 4)  // two blocks of codes and their two scales a slot
        #expect(b.search(textOnly[9], k: 1).first?.key == 9)
        #expect(b.vector(forKey: 9).map { Array($0[128...]) } == [Float](repeating: 0, count: 128))
    }

    @Test("a batch insert builds the same int8 graph as one-by-one inserts would answer")
    func batchInsert() {
        let data = Fixtures.clustered(count: 800, dimension: 64, seed: 71, normalized: true)
        let index = HNSWIndex(configuration: Self.configuration(.int8, metric: .cosine, dimension: 64))
        index.insertBatch(data.enumerated().map { (Int64($0.offset), $0.element) })
        #expect(index.count == 800 && index.invariantViolations() == [])
        let found = data.prefix(50).enumerated().filter { index.search($0.element, k: 1).first?.key == Int64($0.offset) }.count
        #expect(found >= 49)
    }
}
