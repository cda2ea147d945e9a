import VectorMath

/// The index's own distance kernels. They are inlined into the search loop, which (unlike `Kernels`, whose
/// `@inlinable` bodies also land in modules built for baseline x86-64) is compiled with `-target-cpu haswell`,
/// so each step is one 8-lane AVX2 instruction. Multiply and add stay separate instructions on purpose:
/// `addingProduct` measured no faster here (the loop waits on memory), and it would turn into a libm `fmaf`
/// call per lane if this module were ever built for baseline x86-64 (notes/SWIFT-ON-LINUX.md §4).
enum IndexKernels {
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>(), acc2 = SIMD8<Float>(), acc3 = SIMD8<Float>()
        var i = 0
        while i &+ 32 <= count {
            let o = i &* 4
            acc0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
            acc2 += ra.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self)
            acc3 += ra.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self)
            i &+= 32
        }
        while i &+ 8 <= count {
            let o = i &* 4
            acc0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            i &+= 8
        }
        var s = ((acc0 + acc1) + (acc2 + acc3)).sum()
        while i < count {
            s += a[i] * b[i]
            i &+= 1
        }
        return s
    }
}
