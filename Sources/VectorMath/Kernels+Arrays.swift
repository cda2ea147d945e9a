/// Array conveniences over the pointer kernels, for code that is not on a hot path.
extension Kernels {
    /// Inner product of two equally long arrays.
    @inlinable
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "dimension mismatch")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in dot(pa.baseAddress!, pb.baseAddress!, count: a.count) }
        }
    }

    /// Squared Euclidean distance of two equally long arrays.
    @inlinable
    public static func l2Squared(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "dimension mismatch")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in l2Squared(pa.baseAddress!, pb.baseAddress!, count: a.count) }
        }
    }

    /// Cosine similarity of two equally long arrays.
    @inlinable
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "dimension mismatch")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in cosine(pa.baseAddress!, pb.baseAddress!, count: a.count) }
        }
    }

    /// A unit-norm copy of `v` (unchanged when `v` is all zeros).
    @inlinable
    public static func normalized(_ v: [Float]) -> [Float] {
        var out = v
        out.withUnsafeMutableBufferPointer { p in
            if let base = p.baseAddress { normalize(base, count: p.count) }
        }
        return out
    }
}
