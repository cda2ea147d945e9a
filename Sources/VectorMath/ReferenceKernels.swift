/// Naive, obviously-correct versions of the kernels (scalar loops, `Double` accumulation), used by tests to check
/// the fast ones. Not for production paths.
public enum ReferenceKernels {
    /// Inner product accumulated in `Double`.
    public static func dot(_ a: [Float], _ b: [Float]) -> Double {
        var s = 0.0
        for i in a.indices { s += Double(a[i]) * Double(b[i]) }
        return s
    }

    /// Squared Euclidean distance accumulated in `Double`.
    public static func l2Squared(_ a: [Float], _ b: [Float]) -> Double {
        var s = 0.0
        for i in a.indices {
            let d = Double(a[i]) - Double(b[i])
            s += d * d
        }
        return s
    }

    /// Cosine similarity accumulated in `Double`; 0 when either vector is zero.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let d = (dot(a, a) * dot(b, b)).squareRoot()
        return d > 0 ? dot(a, b) / d : 0
    }
}
