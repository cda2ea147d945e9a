/// Element-wise and row-wise kernels of the transformer block: GELU, residual + LayerNorm, L2 normalisation.
///
/// All operate in place on flat row-major buffers; `SIMD8` loops with a scalar tail.
public enum Activations {
    /// Exact-form GELU, `0.5·x·(1 + erf(x/√2))`, as BERT's `"gelu"` (not the tanh approximation).
    public static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let half = SIMD8<Float>(repeating: 0.5), one = SIMD8<Float>(repeating: 1), invSqrt2 = SIMD8<Float>(repeating: 0.70710678118654752)
        var i = 0
        while i + 8 <= count {
            let v = GEMM.load8(x + i)
            GEMM.store8(half * v * (one + erf8(v * invSqrt2)), x + i)
            i += 8
        }
        while i < count {
            x[i] = 0.5 * x[i] * (1 + erf8(SIMD8(repeating: x[i] * 0.70710678118654752))[0])
            i += 1
        }
    }

    /// `erf` for 8 lanes: the rational approximation Eigen and XLA use for float (`generic_fast_erf_float`),
    /// accurate to a few ulp on [-4, 4] and saturating to ±1 outside. libm `erff` per element costs more
    /// than the whole FFN GEMM it follows would allow (1.5 M calls per layer for a batch of 32 x 32 tokens).
    @inline(__always)
    public static func erf8(_ xIn: SIMD8<Float>) -> SIMD8<Float> {
        // Compare + blend rather than `clamped`, which calls an out-of-line lane loop (measured ~2% of a batch).
        let four = SIMD8<Float>(repeating: 4), minusFour = SIMD8<Float>(repeating: -4)
        let x = xIn.replacing(with: four, where: xIn .> four).replacing(with: minusFour, where: xIn .< minusFour)
        let x2 = x * x
        var p = x2 * -2.72614225801306e-10 + 2.77068142495902e-08
        p = x2 * p + -2.10102402082508e-06
        p = x2 * p + -5.69250639462346e-05
        p = x2 * p + -7.34990630326855e-04
        p = x2 * p + -2.95459980854025e-03
        p = x2 * p + -1.60960333262415e-02
        p = x * p
        var q = x2 * -1.45660718464996e-05 + -2.13374055278905e-04
        q = x2 * q + -1.68282697438203e-03
        q = x2 * q + -7.37332916720468e-03
        q = x2 * q + -1.42647390514189e-02
        return p / q
    }

    /// `x[r] = LayerNorm(x[r] + residual[r]) · gamma + beta` for each of `rows` rows of `width` floats.
    ///
    /// Two passes over the row (mean, then variance of the deviations) rather than E[x²] − E[x]², which
    /// loses digits in float when |mean| ≫ std.
    public static func addLayerNorm(_ x: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, rows: Int,
                                    width: Int, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float) {
        for r in 0..<rows {
            let row = x + r * width
            if let residual {
                let res = residual + r * width
                for i in 0..<width { row[i] += res[i] }
            }
            var sum: Float = 0
            for i in 0..<width { sum += row[i] }
            let mean = sum / Float(width)
            var sq: Float = 0
            for i in 0..<width { let d = row[i] - mean; sq += d * d }
            let inv = 1 / (sq / Float(width) + eps).squareRoot()
            for i in 0..<width { row[i] = (row[i] - mean) * inv * gamma[i] + beta[i] }
        }
    }

    /// Scales `v` to unit L2 norm in place; an all-zero vector stays zero.
    public static func l2Normalize(_ v: inout [Float]) {
        var sq: Float = 0
        for x in v { sq += x * x }
        guard sq > 0 else { return }
        let inv = 1 / sq.squareRoot()
        for i in v.indices { v[i] *= inv }
    }
}
