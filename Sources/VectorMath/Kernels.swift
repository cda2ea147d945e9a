/// Distance kernels on contiguous `Float` rows.
///
/// Why they look like this (see notes/SWIFT-ON-LINUX.md §4): on baseline x86-64, `SIMD.addingProduct` becomes a
/// libm `fmaf` call per lane (16x slower), so we write `acc += a * b`; Swift never reassociates float sums, so two
/// independent `SIMD16` accumulators are what lets the loop keep two vector adds in flight. The functions are
/// `Float`-typed and `@inlinable`, so callers in other modules get them specialised and inlined.
public enum Kernels {
    /// Inner product of two rows of `count` floats.
    @inlinable
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
        var i = 0
        while i + 32 <= count {
            let o = i &* 4
            acc0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self)
            i &+= 32
        }
        if i + 16 <= count {
            let o = i &* 4
            acc0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            i &+= 16
        }
        var s = (acc0 + acc1).sum()
        while i < count {
            s += a[i] * b[i]
            i &+= 1
        }
        return s
    }

    /// Squared Euclidean distance between two rows of `count` floats.
    @inlinable
    public static func l2Squared(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
        var i = 0
        while i + 32 <= count {
            let o = i &* 4
            let d0 = ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            let d1 = ra.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self)
            acc0 += d0 * d0
            acc1 += d1 * d1
            i &+= 32
        }
        if i + 16 <= count {
            let o = i &* 4
            let d = ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            acc0 += d * d
            i &+= 16
        }
        var s = (acc0 + acc1).sum()
        while i < count {
            let d = a[i] - b[i]
            s += d * d
            i &+= 1
        }
        return s
    }

    /// Cosine similarity of two rows, computed in one pass (dot and both squared norms); 0 when either is zero.
    @inlinable
    public static func cosine(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var ab = SIMD16<Float>(), aa = SIMD16<Float>(), bb = SIMD16<Float>()
        var i = 0
        while i + 16 <= count {
            let o = i &* 4
            let x = ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            let y = rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            ab += x * y
            aa += x * x
            bb += y * y
            i &+= 16
        }
        var sab = ab.sum(), saa = aa.sum(), sbb = bb.sum()
        while i < count {
            sab += a[i] * b[i]
            saa += a[i] * a[i]
            sbb += b[i] * b[i]
            i &+= 1
        }
        let denominator = (saa * sbb).squareRoot()
        return denominator > 0 ? sab / denominator : 0
    }

    /// Scales `count` floats in place to unit L2 norm; leaves an all-zero row unchanged. Returns the old norm.
    @inlinable
    @discardableResult
    public static func normalize(_ v: UnsafeMutablePointer<Float>, count: Int) -> Float {
        let norm = dot(v, v, count: count).squareRoot()
        guard norm > 0 else { return 0 }
        let inv = 1 / norm
        for i in 0..<count { v[i] *= inv }
        return norm
    }
}
