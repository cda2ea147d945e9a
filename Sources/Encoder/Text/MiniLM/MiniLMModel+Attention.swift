import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MiniLMModel {
    /// Multi-head self-attention inside each sequence's row range, `(sequence, head)` units shared among
    /// `threads` workers. Q, K, V come from one stacked GEMM: row r holds Q at [0, h), K at [h, 2h), V at [2h, 3h).
    func attention(qkv: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>, offsets: [Int]) {
        let c = weights.config
        let h = c.hidden_size, heads = c.num_attention_heads, dh = c.headDimension
        let sequences = offsets.count - 1
        let units = sequences * heads
        let maxLength = (0..<sequences).map { offsets[$0 + 1] - offsets[$0] }.max() ?? 0
        let scale = 1 / Float(dh).squareRoot()
        let jobs = max(1, min(threads, units))
        let qkvAddress = UInt(bitPattern: qkv), contextAddress = UInt(bitPattern: context)
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            let qkv = UnsafeMutablePointer<Float>(bitPattern: qkvAddress)!
            let context = UnsafeMutablePointer<Float>(bitPattern: contextAddress)!
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: maxLength)
            defer { scores.deallocate() }
            var unit = job
            while unit < units {
                let s = unit / heads, head = unit % heads
                let start = offsets[s], length = offsets[s + 1] - start
                let stride = 3 * h
                for i in 0..<length {
                    let q = qkv + (start + i) * stride + head * dh
                    var maxScore = -Float.infinity
                    for j in 0..<length {
                        let k = qkv + (start + j) * stride + h + head * dh
                        let v = Self.dot(q, k, count: dh) * scale
                        scores[j] = v
                        maxScore = max(maxScore, v)
                    }
                    var sum: Float = 0
                    for j in 0..<length { let e = expf(scores[j] - maxScore); scores[j] = e; sum += e }
                    let out = context + (start + i) * h + head * dh
                    for d in 0..<dh { out[d] = 0 }
                    let inv = 1 / sum
                    for j in 0..<length {
                        let v = qkv + (start + j) * stride + 2 * h + head * dh
                        Self.axpy(scores[j] * inv, v, out, count: dh)
                    }
                }
                unit += jobs
            }
        }
    }

    /// Dot product of two `count`-float vectors (`count` a multiple of 8, as head widths are).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= count {
            acc0 = acc0.addingProduct(GEMM.load8(a + i), GEMM.load8(b + i))
            acc1 = acc1.addingProduct(GEMM.load8(a + i + 8), GEMM.load8(b + i + 8))
            i += 16
        }
        while i + 8 <= count { acc0 = acc0.addingProduct(GEMM.load8(a + i), GEMM.load8(b + i)); i += 8 }
        var s = (acc0 + acc1).sum()
        while i < count { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// `y += alpha · x` over `count` floats.
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let a = SIMD8<Float>(repeating: alpha)
        var i = 0
        while i + 8 <= count { GEMM.store8(GEMM.load8(y + i).addingProduct(a, GEMM.load8(x + i)), y + i); i += 8 }
        while i < count { y[i] += alpha * x[i]; i += 1 }
    }
}
