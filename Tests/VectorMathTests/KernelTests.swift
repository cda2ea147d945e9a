import Testing
import VectorMath

/// Every fast kernel against the naive `Double` reference, on lengths that exercise the 32-wide body, the 16-wide
/// step and the scalar tail.
@Suite struct KernelTests {
    static let lengths = [0, 1, 3, 15, 16, 17, 31, 32, 33, 48, 100, 128, 384, 385, 768, 1000]

    @Test(arguments: lengths)
    func dotMatchesReference(n: Int) {
        var rng = SplitMix64(seed: UInt64(n) &+ 1)
        let a = rng.vector(count: n), b = rng.vector(count: n)
        let fast = Double(Kernels.dot(a, b)), slow = ReferenceKernels.dot(a, b)
        #expect(abs(fast - slow) <= 1e-4 * max(1, Double(n).squareRoot()))
    }

    @Test(arguments: lengths)
    func l2MatchesReference(n: Int) {
        var rng = SplitMix64(seed: UInt64(n) &+ 100)
        let a = rng.vector(count: n), b = rng.vector(count: n)
        let fast = Double(Kernels.l2Squared(a, b)), slow = ReferenceKernels.l2Squared(a, b)
        #expect(abs(fast - slow) <= 1e-4 * max(1, slow))
    }

    @Test(arguments: lengths)
    func cosineMatchesReference(n: Int) {
        var rng = SplitMix64(seed: UInt64(n) &+ 200)
        let a = rng.vector(count: n), b = rng.vector(count: n)
        let fast = Double(Kernels.cosine(a, b)), slow = ReferenceKernels.cosine(a, b)
        #expect(abs(fast - slow) <= 1e-5)
    }

    @Test func knownValues() {
        let a: [Float] = [1, 2, 3], b: [Float] = [4, -5, 6]
        #expect(Kernels.dot(a, b) == 12)
        #expect(Kernels.l2Squared(a, b) == 9 + 49 + 9)
        #expect(Kernels.cosine([1, 0], [0, 1]) == 0)
        #expect(Kernels.cosine([2, 0], [3, 0]) == 1)
        #expect(Kernels.cosine([0, 0], [3, 0]) == 0)
    }

    @Test func normalizeGivesUnitNorm() {
        var rng = SplitMix64(seed: 7)
        let v = Kernels.normalized(rng.vector(count: 384))
        #expect(abs(ReferenceKernels.dot(v, v) - 1) < 1e-5)
        #expect(Kernels.normalized([0, 0, 0]) == [0, 0, 0])
    }

    @Test func metricDistancesAndScores() {
        let a: [Float] = [0.6, 0.8], b: [Float] = [1, 0]
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                let ip = Metric.innerProduct.distance(pa.baseAddress!, pb.baseAddress!, count: 2)
                #expect(abs(ip - 0.4) < 1e-6)
                #expect(abs(Metric.innerProduct.score(fromDistance: ip) - 0.6) < 1e-6)
                let l2 = Metric.l2.distance(pa.baseAddress!, pb.baseAddress!, count: 2)
                #expect(abs(l2 - (0.16 + 0.64)) < 1e-6)
            }
        }
        #expect(Metric(name: "ip") == .innerProduct)
        #expect(Metric(name: "L2") == .l2)
        #expect(Metric(name: "cosine")?.normalizesInput == true)
        #expect(Metric(name: "manhattan") == nil)
    }

    @Test func seededGeneratorIsDeterministic() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let x = a.vector(count: 8), y = b.vector(count: 8), z = c.vector(count: 8)
        #expect(x == y)
        #expect(x != z)
        #expect(x.allSatisfy { $0 >= -1 && $0 < 1 })
    }
}
