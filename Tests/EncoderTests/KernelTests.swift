import Encoder
import Foundation
import Testing
import VectorMath

@Suite("GEMM and activation kernels")
struct KernelTests {
    /// Seeded values in [-0.5, 0.5).
    static func randoms(_ n: Int, seed: UInt64) -> [Float] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Float(s >> 40) / Float(1 << 24) - 0.5
        }
    }

    @Test("packed GEMM equals a naive triple loop, including edge rows, narrow last panel, several k blocks and 2 threads",
          arguments: [(1, 5, 3), (7, 16, 33), (13, 300, 40), (100, 384, 48), (6, 600, 17),
                     (4, 400, 32), (5, 64, 48), (8, 390, 32), (32, 384, 64)])
    func gemmMatchesNaive(rows: Int, inputs: Int, outputs: Int) {
        let w = Self.randoms(outputs * inputs, seed: 1), bias = Self.randoms(outputs, seed: 2)
        let a = Self.randoms(rows * inputs, seed: 3)
        let packed = PackedMatrix(weight: w, bias: bias, outputs: outputs, inputs: inputs)
        for (threads, isa) in [1, 2].flatMap({ t in KernelISA.available.map { (t, $0) } }) {
            var c = [Float](repeating: .nan, count: rows * outputs)
            a.withUnsafeBufferPointer { ap in
                c.withUnsafeMutableBufferPointer { cp in
                    GEMM.multiply(ap.baseAddress!, rows: rows, by: packed, into: cp.baseAddress!, threads: threads, isa: isa)
                }
            }
            var worst: Float = 0
            for r in 0..<rows {
                for o in 0..<outputs {
                    var s = Double(bias[o])
                    for k in 0..<inputs { s += Double(a[r * inputs + k]) * Double(w[o * inputs + k]) }
                    worst = max(worst, abs(Float(s) - c[r * outputs + o]))
                }
            }
            #expect(worst < 1e-4, "\(isa), threads \(threads): max error \(worst)")
        }
    }

    @Test("every row tiling (6-, 4- and 1-row kernels) gives bit-identical outputs: a row alone equals it in a batch",
          arguments: [1, 2], KernelISA.available)
    func tilingIsBitIdentical(threads: Int, isa: KernelISA) {
        let inputs = 400, outputs = 48  // two k blocks, three full panels
        let packed = PackedMatrix(weight: Self.randoms(outputs * inputs, seed: 7), bias: Self.randoms(outputs, seed: 8),
                                  outputs: outputs, inputs: inputs)
        for rows in [4, 5, 8, 9, 14, 32] {
            let a = Self.randoms(rows * inputs, seed: UInt64(rows))
            for epilogue in [GEMM.Epilogue.none, .gelu] {
                var batch = [Float](repeating: .nan, count: rows * outputs), single = batch
                a.withUnsafeBufferPointer { ap in
                    batch.withUnsafeMutableBufferPointer {
                        GEMM.multiply(ap.baseAddress!, rows: rows, by: packed, into: $0.baseAddress!, threads: threads, epilogue: epilogue,
                                      isa: isa)
                    }
                    single.withUnsafeMutableBufferPointer { cp in
                        for r in 0..<rows {  // one row at a time: always the one-row edge kernel
                            GEMM.multiply(ap.baseAddress! + r * inputs, rows: 1, by: packed, into: cp.baseAddress! + r * outputs,
                                          threads: threads, epilogue: epilogue, isa: isa)
                        }
                    }
                }
                #expect(batch.map(\.bitPattern) == single.map(\.bitPattern), "\(isa), rows \(rows), \(epilogue)")
            }
        }
    }

    @Test("the GELU epilogue equals GEMM followed by GELU, across k blocks and edge tiles", arguments: [1, 2])
    func geluEpilogue(threads: Int) {
        let rows = 13, inputs = 300, outputs = 40
        let packed = PackedMatrix(weight: Self.randoms(outputs * inputs, seed: 4), bias: Self.randoms(outputs, seed: 5),
                                  outputs: outputs, inputs: inputs)
        let a = Self.randoms(rows * inputs, seed: 6)
        var plain = [Float](repeating: 0, count: rows * outputs), fused = plain
        a.withUnsafeBufferPointer { ap in
            plain.withUnsafeMutableBufferPointer { GEMM.multiply(ap.baseAddress!, rows: rows, by: packed, into: $0.baseAddress!, threads: threads) }
            fused.withUnsafeMutableBufferPointer {
                GEMM.multiply(ap.baseAddress!, rows: rows, by: packed, into: $0.baseAddress!, threads: threads, epilogue: .gelu)
            }
        }
        plain.withUnsafeMutableBufferPointer { Activations.gelu($0.baseAddress!, count: $0.count) }
        #expect(zip(plain, fused).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(fused.contains { $0 < 0 } && fused.allSatisfy { $0 > -0.2 })  // GELU's minimum is about -0.17
    }

    @Test("vectorised erf stays within 1e-6 of libm erf")
    func erfAccuracy() {
        var worst: Float = 0
        var x: Float = -6
        while x <= 6 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.001 })
            let got = Activations.erf8(lanes)
            for i in 0..<8 { worst = max(worst, abs(got[i] - Float(erf(Double(lanes[i]))))) }
            x += 0.008
        }
        #expect(worst < 1e-6, "max error \(worst)")
    }

    @Test("GELU matches 0.5·x·(1+erf(x/√2))")
    func gelu() {
        var xs: [Float] = stride(from: -5, through: 5, by: 0.37).map { Float($0) }
        let expected = xs.map { 0.5 * Double($0) * (1 + erf(Double($0) / 2.0.squareRoot())) }
        xs.withUnsafeMutableBufferPointer { Activations.gelu($0.baseAddress!, count: $0.count) }
        for (g, e) in zip(xs, expected) { #expect(abs(Double(g) - e) < 1e-5) }
    }
}
