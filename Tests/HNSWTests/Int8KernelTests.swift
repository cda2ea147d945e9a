import CKernels
import HNSW
import Testing
import VectorMath

/// The int8 dot product on every path (AVX2 `vpmaddubsw`, AVX-512 VNNI `vpdpbusd`) against VectorMath's naive
/// reference, bit for bit, and the quantizer's contract.
@Suite("Int8 kernels")
struct Int8KernelTests {
    static let hasVNNI = KernelSupport.detected.vnniUsable

    /// Quantizes seeded floats (a share of exact zeros, some blocks all zero, extremes that hit ±127).
    static func row(_ dimension: Int, seed: UInt64) -> (codes: [Int8], scales: [Float], used: Int) {
        var rng = SplitMix64(seed: seed)
        var v = (0..<dimension).map { _ in rng.nextSignedUnitFloat() * (rng.next() % 4 == 0 ? 3 : 0.2) }
        for i in stride(from: 0, to: dimension, by: 7) { v[i] = 0 }
        if dimension > 128 { for i in 64..<128 { v[i] = 0 } }  // an all-zero block in the middle
        let blocks = Int8Blocks.blocks(dimension: dimension)
        var codes = [Int8](repeating: 1, count: blocks * Int8Blocks.width), scales = [Float](repeating: 1, count: blocks)
        let used = Int8Blocks.quantize(v, count: dimension, codes: &codes, scales: &scales)
        return (codes, scales, used)
    }

    static func dot(_ a: (codes: [Int8], scales: [Float], used: Int), _ b: (codes: [Int8], scales: [Float], used: Int),
                    _ kernel: (UnsafePointer<Int8>, UnsafePointer<Float>, UnsafePointer<Int8>, UnsafePointer<Float>, Int) -> Float) -> Float {
        kernel(a.codes, a.scales, b.codes, b.scales, min(a.used, b.used))
    }

    @Test("AVX2 and VNNI give the reference's bits", arguments: [1, 63, 64, 65, 100, 384, 407, 791, 1_024])
    func everyPathAgrees(dimension: Int) {
        for pair in 0..<20 {
            let a = Self.row(dimension, seed: UInt64(dimension * 100 + pair)), b = Self.row(dimension, seed: UInt64(dimension * 100 + pair + 50))
            let reference = Self.dot(a, b) { Int8Blocks.dotReference($0, $1, $2, $3, blocks: $4) }
            let avx2 = Self.dot(a, b) { ck_dot_q8_avx2($0, $1, $2, $3, $4) }
            #expect(avx2.bitPattern == reference.bitPattern, "avx2 \(avx2) vs reference \(reference)")
            if Self.hasVNNI {
                let vnni = Self.dot(a, b) { ck_dot_q8_vnni($0, $1, $2, $3, $4) }
                #expect(vnni.bitPattern == reference.bitPattern, "vnni \(vnni) vs reference \(reference)")
            }
        }
    }

    @Test("the extremes: ±127 everywhere does not overflow the 16-bit pairs")
    func extremes() {
        let codes = [Int8](repeating: 127, count: 128), negative = [Int8](repeating: -127, count: 128)
        let scales: [Float] = [1, 1]
        let expected = Float(-127 * 127 * 128)
        #expect(ck_dot_q8_avx2(codes, scales, negative, scales, 2) == expected)
        #expect(Int8Blocks.dotReference(codes, scales, negative, scales, blocks: 2) == expected)
        if Self.hasVNNI { #expect(ck_dot_q8_vnni(codes, scales, negative, scales, 2) == expected) }
    }

    @Test("the reference agrees with the float dot product of the dequantized rows")
    func referenceIsTheDotProduct() {
        let a = Self.row(791, seed: 3), b = Self.row(791, seed: 4)
        var fa = [Float](repeating: 0, count: 791), fb = [Float](repeating: 0, count: 791)
        Int8Blocks.dequantize(a.codes, a.scales, count: 791, into: &fa)
        Int8Blocks.dequantize(b.codes, b.scales, count: 791, into: &fb)
        let exact = zip(fa, fb).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let q8 = Int8Blocks.dotReference(a.codes, a.scales, b.codes, b.scales, blocks: min(a.used, b.used))
        #expect(abs(Double(q8) - exact) <= 1e-4 * (1 + abs(exact)))
        let asymmetric = Int8Blocks.dot(fa, count: 791, b.codes, b.scales, blocks: b.used)
        #expect(abs(Double(asymmetric) - exact) <= 1e-4 * (1 + abs(exact)))
    }

    @Test("quantization: codes within ±127, zero blocks have scale 0 and trailing ones are not counted as used")
    func quantizer() {
        var v = [Float](repeating: 0, count: 791)
        for i in 0..<384 { v[i] = Float(i % 13) / 13 - 0.4 }  // a text branch, the visual one missing
        var codes = [Int8](repeating: 9, count: 13 * 64), scales = [Float](repeating: 9, count: 13)
        let used = Int8Blocks.quantize(v, count: 791, codes: &codes, scales: &scales)
        #expect(used == 6)
        #expect(scales[6...].allSatisfy { $0 == 0 })
        #expect(codes[384...].allSatisfy { $0 == 0 })
        #expect(codes.allSatisfy { $0 >= -127 })
        var back = [Float](repeating: 0, count: 791)
        Int8Blocks.dequantize(codes, scales, count: 791, into: &back)
        for i in 0..<384 { #expect(abs(back[i] - v[i]) <= scales[i / 64] / 2 + 1e-7) }
        // Quantizing what the codes stand for gives the same codes (a rebuilt graph holds the same rows).
        var again = [Int8](repeating: 0, count: 13 * 64), againScales = [Float](repeating: 0, count: 13)
        _ = Int8Blocks.quantize(back, count: 791, codes: &again, scales: &againScales)
        #expect(again == codes)
    }
}
