import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MiniLMModel {
    /// Multi-head self-attention inside each sequence's row range, `(sequence, head)` units dealt round-robin
    /// into `parallel.chunks(for: units)` chunks. Q, K, V come from one stacked GEMM: row r holds Q at [0, h), K at [h, 2h), V at [2h, 3h).
    func attention(qkv: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>, offsets: [Int]) {
        let c = weights.config
        let h = c.hidden_size, heads = c.num_attention_heads, dh = c.headDimension
        let sequences = offsets.count - 1
        let units = sequences * heads
        let maxLength = (0..<sequences).map { offsets[$0 + 1] - offsets[$0] }.max() ?? 0
        let scale = 1 / Float(dh).squareRoot()
        let jobs = parallel.chunks(for: units)
        let qkvAddress = UInt(bitPattern: qkv), contextAddress = UInt(bitPattern: context)
        parallel.run(chunks: jobs) { job in
            let qkv = UnsafeMutablePointer<Float>(bitPattern: qkvAddress)!
            let context = UnsafeMutablePointer<Float>(bitPattern: contextAddress)!
            let padded = (maxLength + 7) & ~7
            // Per chunk: scores of one query row, and the head's keys transposed (dh x padded), so that the
            // scores of 8 keys come out of one SIMD FMA chain with no horizontal sums.
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: padded)
            let keysT = UnsafeMutablePointer<Float>.allocate(capacity: dh * padded)
            defer { scores.deallocate(); keysT.deallocate() }
            var unit = job
            while unit < units {
                let s = unit / heads, head = unit % heads
                let start = offsets[s], length = offsets[s + 1] - start
                let lp = (length + 7) & ~7
                let stride = 3 * h
                for j in 0..<lp {
                    if j < length {
                        let k = qkv + (start + j) * stride + h + head * dh
                        for d in 0..<dh { keysT[d * lp + j] = k[d] }
                    } else {
                        for d in 0..<dh { keysT[d * lp + j] = 0 }
                    }
                }
                for i in 0..<length {
                    let q = qkv + (start + i) * stride + head * dh
                    Self.scoreRow(q, keysT: keysT, dh: dh, paddedLength: lp, scale: scale, into: scores)
                    var maxScore = -Float.infinity
                    for j in 0..<length { maxScore = max(maxScore, scores[j]) }
                    var sum: Float = 0
                    for j in 0..<length { let e = expf(scores[j] - maxScore); scores[j] = e; sum += e }
                    let inv = 1 / sum
                    for j in 0..<length { scores[j] *= inv }
                    Self.weightedSum(scores, length: length, values: qkv + start * stride + 2 * h + head * dh,
                                     stride: stride, dh: dh, into: context + (start + i) * h + head * dh)
                }
                unit += jobs
            }
        }
    }

    /// `scores[j] = scale · q · k_j` for `paddedLength` keys (a multiple of 8) from transposed keys:
    /// four independent 8-key accumulators at a time keep the FMA pipes busy.
    @inline(__always)
    static func scoreRow(_ q: UnsafePointer<Float>, keysT: UnsafePointer<Float>, dh: Int, paddedLength lp: Int,
                         scale: Float, into scores: UnsafeMutablePointer<Float>) {
        var jb = 0
        while jb + 32 <= lp {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            for d in 0..<dh {
                let x = SIMD8<Float>(repeating: q[d]), row = keysT + d * lp + jb
                a0 = a0.addingProduct(x, GEMM.load8(row)); a1 = a1.addingProduct(x, GEMM.load8(row + 8))
                a2 = a2.addingProduct(x, GEMM.load8(row + 16)); a3 = a3.addingProduct(x, GEMM.load8(row + 24))
            }
            GEMM.store8(a0 * scale, scores + jb); GEMM.store8(a1 * scale, scores + jb + 8)
            GEMM.store8(a2 * scale, scores + jb + 16); GEMM.store8(a3 * scale, scores + jb + 24)
            jb += 32
        }
        while jb < lp {
            var a0 = SIMD8<Float>()
            for d in 0..<dh { a0 = a0.addingProduct(SIMD8<Float>(repeating: q[d]), GEMM.load8(keysT + d * lp + jb)) }
            GEMM.store8(a0 * scale, scores + jb)
            jb += 8
        }
    }

    /// `out = Σ_j p[j] · v_j` over one head's values (rows `stride` apart), 32 dims at a time in four
    /// register accumulators, so nothing is stored until the end.
    @inline(__always)
    static func weightedSum(_ p: UnsafePointer<Float>, length: Int, values: UnsafePointer<Float>, stride: Int, dh: Int,
                            into out: UnsafeMutablePointer<Float>) {
        var d0 = 0
        while d0 + 32 <= dh {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            for j in 0..<length {
                let w = SIMD8<Float>(repeating: p[j]), v = values + j * stride + d0
                a0 = a0.addingProduct(w, GEMM.load8(v)); a1 = a1.addingProduct(w, GEMM.load8(v + 8))
                a2 = a2.addingProduct(w, GEMM.load8(v + 16)); a3 = a3.addingProduct(w, GEMM.load8(v + 24))
            }
            GEMM.store8(a0, out + d0); GEMM.store8(a1, out + d0 + 8); GEMM.store8(a2, out + d0 + 16); GEMM.store8(a3, out + d0 + 24)
            d0 += 32
        }
        while d0 < dh {  // head widths are multiples of 8 (checked in MiniLMConfig)
            var a0 = SIMD8<Float>()
            for j in 0..<length { a0 = a0.addingProduct(SIMD8<Float>(repeating: p[j]), GEMM.load8(values + j * stride + d0)) }
            GEMM.store8(a0, out + d0)
            d0 += 8
        }
    }
}
