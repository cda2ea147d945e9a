import CKernels

/// Blockwise symmetric int8 quantization (the HNSW graph's `int8` vector type): a vector is cut into blocks of
/// `width` floats (the last one zero-padded), and each block is stored as `width` codes in [-127, 127] with one
/// float scale, `max |x| / 127` of that block (0 for an all-zero block). Scales per block rather than per vector
/// keep a weak branch (the fused vector's visual half, weighted 0.5) from being crushed by a strong one, and need
/// no training set, so an index can quantize its first vector as well as its millionth. Trailing all-zero blocks
/// (a text-only appearance's missing visual branch) are counted out by `quantize`, so distances and snapshots skip them.
public enum Int8Blocks {
    /// Codes per block (one 64-byte cache line, one ZMM register).
    public static let width = 64

    /// Blocks a vector of `dimension` floats takes.
    @inlinable
    public static func blocks(dimension: Int) -> Int { (dimension + width - 1) / width }

    /// Quantizes `count` floats into `codes` (`blocks(count) * width` bytes; padding written as 0) and `scales`
    /// (`blocks(count)` floats). Returns the blocks in use: one past the last block that is not all zero.
    @discardableResult
    public static func quantize(_ source: UnsafePointer<Float>, count: Int, codes: UnsafeMutablePointer<Int8>,
                                scales: UnsafeMutablePointer<Float>) -> Int {
        let n = blocks(dimension: count)
        var used = 0
        for b in 0..<n {
            let start = b * width, end = min(start + width, count)
            var peak: Float = 0
            for i in start..<end { peak = max(peak, abs(source[i])) }
            let scale = peak / 127
            scales[b] = scale
            let inverse: Float = scale > 0 ? 1 / scale : 0
            for i in start..<end {
                let q = (source[i] * inverse).rounded(.toNearestOrEven)
                codes[i] = Int8(max(-127, min(127, q)))
            }
            for i in end..<(start + width) { codes[i] = 0 }
            if peak > 0 { used = b + 1 }
        }
        return used
    }

    /// The naive reference of the int8 kernels (CKernels' `ck_dot_q8_avx2`, `ck_dot_q8_vnni`): per block the exact
    /// integer sum of products, then Σ (sa[b] · sb[b]) · sum in block order, the same operations in the same
    /// order, so every path gives the same bits.
    public static func dotReference(_ a: UnsafePointer<Int8>, _ sa: UnsafePointer<Float>, _ b: UnsafePointer<Int8>,
                                    _ sb: UnsafePointer<Float>, blocks: Int) -> Float {
        var sum: Float = 0
        for k in 0..<blocks {
            var s: Int32 = 0
            for i in (k * width)..<((k + 1) * width) { s += Int32(a[i]) * Int32(b[i]) }
            let scale = sa[k] * sb[k]
            sum += scale * Float(s)
        }
        return sum
    }

    /// `dotReference` through the fastest kernel this host runs (VNNI, else AVX2, else the reference itself): the
    /// same bits on every path.
    @inline(__always)
    public static func dotFast(_ a: UnsafePointer<Int8>, _ sa: UnsafePointer<Float>, _ b: UnsafePointer<Int8>,
                               _ sb: UnsafePointer<Float>, blocks: Int) -> Float {
        switch path {
        case 2: return ck_dot_q8_vnni(a, sa, b, sb, blocks)
        case 1: return ck_dot_q8_avx2(a, sa, b, sb, blocks)
        default: return dotReference(a, sa, b, sb, blocks: blocks)
        }
    }

    /// The kernel `dotFast` calls: 2 VNNI, 1 AVX2, 0 the reference.
    static let path: UInt8 = {
        let support = KernelSupport.detected
        return support.vnniUsable ? 2 : support.avx2FMA ? 1 : 0
    }()

    /// Inner product of a float query with a quantized row (the re-rank of the final candidates: the query keeps
    /// its full precision, only the stored side is quantized). `count` is the query's length; blocks past
    /// `blocks` are zero on the stored side.
    @inlinable
    public static func dot(_ query: UnsafePointer<Float>, count: Int, _ codes: UnsafePointer<Int8>,
                           _ scales: UnsafePointer<Float>, blocks: Int) -> Float {
        var sum: Float = 0
        var k = 0
        while k < blocks {
            let start = k &* width, end = min(start &+ width, count)
            var acc = SIMD8<Float>()
            var i = start
            while i &+ 8 <= end {
                let q = UnsafeRawPointer(query + i).loadUnaligned(as: SIMD8<Float>.self)
                let c = UnsafeRawPointer(codes + i).loadUnaligned(as: SIMD8<Int8>.self)
                acc += q * SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: c))
                i &+= 8
            }
            var s = acc.sum()
            while i < end {
                s += query[i] * Float(codes[i])
                i &+= 1
            }
            sum += scales[k] * s
            k &+= 1
        }
        return sum
    }

    /// The floats a quantized row stands for (`count` of them).
    public static func dequantize(_ codes: UnsafePointer<Int8>, _ scales: UnsafePointer<Float>, count: Int,
                                  into out: UnsafeMutablePointer<Float>) {
        for i in 0..<count { out[i] = scales[i / width] * Float(codes[i]) }
    }
}
