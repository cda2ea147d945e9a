import Encoder
import Testing
import VectorMath

/// The AVX-512 GEMM (CKernels) against the AVX2 Swift kernels, and MiniLM on every kernel path this host has.
@Suite("GEMM and MiniLM on every kernel ISA")
struct GEMMPathTests {
    static let hasAVX512 = KernelISA.available.contains(.avx512)

    /// `c = f(a · Wᵀ + bias)` with the given ISA and runner shape.
    static func product(_ a: [Float], rows: Int, _ w: PackedMatrix, isa: KernelISA, threads: Int,
                        schedule: ParallelSchedule, epilogue: GEMM.Epilogue) -> [Float] {
        var c = [Float](repeating: .nan, count: rows * w.outputs)
        let runner = ParallelRunner(threads: threads, schedule: schedule, isa: isa)
        a.withUnsafeBufferPointer { ap in
            c.withUnsafeMutableBufferPointer {
                GEMM.multiply(ap.baseAddress!, rows: rows, by: w, into: $0.baseAddress!, parallel: runner, epilogue: epilogue)
            }
        }
        return c
    }

    @Test("AVX-512 and AVX2 give the same products on awkward shapes (row and column edges, k past a block, odd panels)",
          .enabled(if: hasAVX512, "this CPU (or its OS, or the self-test) does not allow AVX-512"),
          arguments: [(1, 5, 3), (7, 16, 33), (13, 300, 40), (12, 384, 32), (25, 385, 48), (100, 777, 80),
                      (6, 600, 17), (11, 64, 16), (200, 384, 96), (32, 1536, 384), (5, 1, 1)])
    func avx512MatchesAVX2(rows: Int, inputs: Int, outputs: Int) {
        let w = PackedMatrix(weight: KernelTests.randoms(outputs * inputs, seed: 11),
                             bias: KernelTests.randoms(outputs, seed: 12), outputs: outputs, inputs: inputs)
        let a = KernelTests.randoms(rows * inputs, seed: UInt64(rows * 1000 + inputs))
        for epilogue in [GEMM.Epilogue.none, .gelu] {
            let reference = Self.product(a, rows: rows, w, isa: .avx2, threads: 1, schedule: .staticSplit, epilogue: epilogue)
            for (threads, schedule) in [(1, ParallelSchedule.staticSplit), (2, .staticSplit), (2, .dispatchChunks)] {
                let got = Self.product(a, rows: rows, w, isa: .avx512, threads: threads, schedule: schedule, epilogue: epilogue)
                var worst: Float = 0
                for (x, y) in zip(got, reference) { worst = max(worst, abs(x - y) / (1 + abs(y))) }
                #expect(!got.contains { $0.isNaN }, "every output written")
                #expect(worst <= 1e-5, "\(epilogue), \(threads) threads \(schedule): max relative difference \(worst)")
            }
        }
    }

    @Test("the AVX-512 GEMM does the AVX2 kernels' operations in the same order: bit-identical outputs",
          .enabled(if: hasAVX512, "this CPU (or its OS, or the self-test) does not allow AVX-512"))
    func avx512IsBitIdentical() {
        let rows = 37, inputs = 800, outputs = 72
        let w = PackedMatrix(weight: KernelTests.randoms(outputs * inputs, seed: 21),
                             bias: KernelTests.randoms(outputs, seed: 22), outputs: outputs, inputs: inputs)
        let a = KernelTests.randoms(rows * inputs, seed: 23)
        for epilogue in [GEMM.Epilogue.none, .gelu] {
            let avx2 = Self.product(a, rows: rows, w, isa: .avx2, threads: 2, schedule: .dispatchChunks, epilogue: epilogue)
            let avx512 = Self.product(a, rows: rows, w, isa: .avx512, threads: 2, schedule: .dispatchChunks, epilogue: epilogue)
            #expect(avx2.map(\.bitPattern) == avx512.map(\.bitPattern), "\(epilogue)")
        }
    }

    @Test("MiniLM on the AVX2 kernels keeps cosine >= 0.9999 with the numpy reference")
    func miniLMReferenceAVX2() throws { try Self.checkReference(isa: .avx2) }

    @Test("MiniLM on the AVX-512 kernels keeps cosine >= 0.9999 with the numpy reference",
          .enabled(if: hasAVX512, "this CPU (or its OS, or the self-test) does not allow AVX-512"))
    func miniLMReferenceAVX512() throws { try Self.checkReference(isa: .avx512) }

    /// Every reference sentence, alone and in one batch, on the kernels of `isa`.
    static func checkReference(isa: KernelISA) throws {
        let e = try ModelFiles.load()
        let model = MiniLMModel(weights: e.model.weights, threads: 2, isa: isa)
        #expect(model.parallel.isa == isa)
        let ids = MiniLMReference.cases.map { e.tokenizer.encode($0.text) }
        let batch = model.embed(ids)
        for (i, c) in MiniLMReference.cases.enumerated() {
            let one = model.embed([ids[i]])[0]
            #expect(ModelFiles.cosine(one, c.vector) >= 0.9999, "\(isa): \(c.text.prefix(40))")
            #expect(ModelFiles.cosine(batch[i], c.vector) >= 0.9999, "\(isa), in a batch: \(c.text.prefix(40))")
        }
    }
}
