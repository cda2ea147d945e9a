import CKernels
import HNSW
import Testing
import VectorMath

/// The AVX-512 distance kernels against the AVX2 ones, alone and inside the index.
@Suite("HNSW distances on every kernel ISA")
struct DistancePathTests {
    static let hasAVX512 = KernelISA.available.contains(.avx512)

    @Test("AVX-512 dot and squared L2 equal the reference kernels on every tail length",
          .enabled(if: hasAVX512, "this CPU (or its OS, or the self-test) does not allow AVX-512"),
          arguments: [1, 5, 15, 16, 17, 31, 32, 33, 47, 100, 128, 384, 385, 791])
    func kernelsMatchReference(dimension: Int) {
        var rng = SplitMix64(seed: UInt64(dimension))
        let a = (0..<dimension).map { _ in Float(rng.next() >> 40) / Float(1 << 24) - 0.5 }
        let b = (0..<dimension).map { _ in Float(rng.next() >> 40) / Float(1 << 24) - 0.5 }
        let dot = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in ck_dot_f32_avx512(pa.baseAddress!, pb.baseAddress!, dimension) }
        }
        let l2 = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in ck_l2sq_f32_avx512(pa.baseAddress!, pb.baseAddress!, dimension) }
        }
        let exactDot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let exactL2 = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        #expect(abs(Double(dot) - exactDot) <= 1e-5 * (1 + abs(exactDot)), "dot \(dot) vs \(exactDot)")
        #expect(abs(Double(l2) - exactL2) <= 1e-5 * (1 + exactL2), "l2 \(l2) vs \(exactL2)")
        #expect(abs(dot - Kernels.dot(a, b)) <= 1e-5 * (1 + abs(dot)))
    }

    @Test("an index on the AVX-512 kernels finds the same neighbours at the same distances as on AVX2",
          .enabled(if: hasAVX512, "this CPU (or its OS, or the self-test) does not allow AVX-512"),
          arguments: [Metric.innerProduct, .l2, .cosine])
    func sameResults(metric: Metric) {
        let unit = metric != .l2
        let data = Fixtures.clustered(count: 2_000, dimension: 100, seed: 21, normalized: unit)
        let queries = Fixtures.clustered(count: 100, dimension: 100, seed: 22, normalized: unit)
        var indexes: [HNSWIndex] = []
        for isa in [KernelISA.avx2, .avx512] {
            var configuration = HNSWConfiguration(dimension: 100, metric: metric, M: 12, efConstruction: 100,
                                                  efSearch: 64, seed: 1, initialCapacity: 16)
            configuration.kernels = isa
            let index = HNSWIndex(configuration: configuration)
            for (i, v) in data.enumerated() { index.insert(key: Int64(i), vector: v) }
            indexes.append(index)
        }
        let exact = queries.map { Fixtures.brute(data, metric: metric).search($0, k: 10) }
        let results = indexes.map { index in queries.map { index.search($0, k: 10, ef: 48) } }
        #expect(Fixtures.recall(results[0], exact) == Fixtures.recall(results[1], exact))
        for (narrow, wide) in zip(results[0], results[1]) {
            #expect(narrow.map(\.key) == wide.map(\.key))
            for (x, y) in zip(narrow, wide) { #expect(abs(x.distance - y.distance) <= 1e-5 * (1 + abs(x.distance))) }
        }
    }
}
