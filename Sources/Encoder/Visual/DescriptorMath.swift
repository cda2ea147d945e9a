#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small vector helpers of the visual branch (kept here, on flat `Float` arrays, so the branch does not
/// depend on another module's evolving API).
enum DescriptorMath {
    /// libm's `expf`, `cosf` and `atan2f` (the stdlib has no transcendental functions without Foundation).
    static func exp(_ x: Float) -> Float { expf(x) }
    static func cos(_ x: Float) -> Float { cosf(x) }
    static func atan2(_ y: Float, _ x: Float) -> Float { atan2f(y, x) }

    /// Scales `v[range]` to unit L2 norm (left alone when its norm is below `floor`).
    static func l2Normalise(_ v: inout [Float], _ range: Range<Int>, floor: Float = 1e-12) {
        var s: Float = 0
        for i in range { s += v[i] * v[i] }
        let n = s.squareRoot()
        guard n > floor else { return }
        let inv = 1 / n
        for i in range { v[i] *= inv }
    }

    /// Scales `v[range]` to unit L1 norm (left alone when empty).
    static func l1Normalise(_ v: inout [Float], _ range: Range<Int>) {
        var s: Float = 0
        for i in range { s += abs(v[i]) }
        guard s > 1e-12 else { return }
        let inv = 1 / s
        for i in range { v[i] *= inv }
    }

    /// Signed square root ("power normalisation"): damps bins that dominate (a big white background,
    /// one strong edge) so that many moderately matching bins count for more than one huge one.
    static func signedSqrt(_ v: inout [Float], _ range: Range<Int>) {
        for i in range { v[i] = v[i] < 0 ? -(-v[i]).squareRoot() : v[i].squareRoot() }
    }

    /// Subtracts the mean of `v[range]` from each of its entries.
    static func centre(_ v: inout [Float], _ range: Range<Int>) {
        var s: Float = 0
        for i in range { s += v[i] }
        let mean = s / Float(max(1, range.count))
        for i in range { v[i] -= mean }
    }

    /// Multiplies `v[range]` by `w`.
    static func scale(_ v: inout [Float], _ range: Range<Int>, by w: Float) {
        for i in range { v[i] *= w }
    }
}
