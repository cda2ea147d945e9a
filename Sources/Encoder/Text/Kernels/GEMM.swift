import CKernels
import Dispatch
import VectorMath

/// Single-precision matrix multiply `C = A · Wᵀ + bias` for the MiniLM forward pass.
///
/// A BLIS-style design: weights pre-packed into 16-column panels (`PackedMatrix`), a 6x16 register-tiled
/// micro-kernel (12 `SIMD8` accumulators = 12 of the 16 AVX2 registers), cache blocking on the reduction
/// (`kc`) so a panel slice stays in L1 and on rows (`mc`) so the activations stay in L2, and the panels
/// split into chunks of whole panels among threads (`ParallelRunner`), so each core streams only its part of the
/// weights, prefetching the next panel while it multiplies the current one.
/// On AVX-512 hosts (`ParallelRunner.isa`), the same loops run in C with 12x32 tiles (`ck_gemm_f32_avx512`).
/// `addingProduct` becomes one `vfmadd` because the Encoder target is built with `-target-cpu haswell`
/// (on baseline x86-64 it would call libm `fmaf` per lane; see notes/SWIFT-ON-LINUX.md §4).
public enum GEMM {
    /// Output columns per packed panel and per micro-kernel call.
    public static let panelWidth = 16
    /// Rows per micro-kernel call.
    static let rowTile = 6
    /// Reduction block: 384 x 16 floats = 24 KiB of panel in L1 while rows stream past. 384 = the model width,
    /// so 3 of the 4 GEMMs per layer run in one block with no reload of C (measured: 256 was 10-30% slower).
    static let kc = 384
    /// Row block: 192 x 384 floats = 288 KiB of activations, resident in a 512 KiB L2 (measured ~3% better
    /// CPU time per batch than 96 and 48 in interleaved runs).
    static let mc = 192

    /// What to apply to each output before it is stored.
    public enum Epilogue: Sendable {
        /// Store `A·Wᵀ + bias` as is.
        case none
        /// Store `GELU(A·Wᵀ + bias)`: applied to tiles still in registers, on every worker thread, instead of
        /// a separate single-threaded pass over the FFN activations.
        case gelu
    }

    /// `c[m][n] = f(bias[n] + Σ_k a[m][k] · W[n][k])` for `rows` rows; `a` has stride `inputs`, `c` stride `outputs`.
    ///
    /// `threads` > 1 splits the panels into `threads` equal shares with `DispatchQueue.concurrentPerform`
    /// (`ParallelSchedule.staticSplit`), so call this from the encoder's own queue, never from the Swift
    /// concurrency pool.
    public static func multiply(_ a: UnsafePointer<Float>, rows: Int, by w: PackedMatrix,
                                into c: UnsafeMutablePointer<Float>, threads: Int = 1, epilogue: Epilogue = .none,
                                isa: KernelISA = .active) {
        multiply(a, rows: rows, by: w, into: c,
                 parallel: ParallelRunner(threads: threads, schedule: .staticSplit, isa: isa), epilogue: epilogue)
    }

    /// The same product with the panels split into `parallel.chunks(for: panelCount)` chunks of whole panels.
    /// Every output column is computed by one kernel call sequence whatever the chunking, so all schedules give
    /// bit-identical results.
    public static func multiply(_ a: UnsafePointer<Float>, rows: Int, by w: PackedMatrix,
                                into c: UnsafeMutablePointer<Float>, parallel: ParallelRunner, epilogue: Epilogue = .none) {
        guard rows > 0 else { return }
        let prefetch = parallel.prefetchPanels, isa = parallel.isa
        // AVX-512 tiles are two panels wide: chunks are split on panel pairs so no chunk ends in a lone 16-column tile.
        let group = isa == .avx512 ? 2 : 1, units = (w.panelCount + group - 1) / group
        let jobs = parallel.chunks(for: units)
        // Raw addresses cross into the @Sendable worker closure; each chunk writes a disjoint column range.
        let aAddress = UInt(bitPattern: a), cAddress = UInt(bitPattern: c)
        let run = { @Sendable (job: Int) in
            let a = UnsafePointer<Float>(bitPattern: aAddress)!, c = UnsafeMutablePointer<Float>(bitPattern: cAddress)!
            let first = min(w.panelCount, units * job / jobs * group)
            let last = min(w.panelCount, units * (job + 1) / jobs * group)
            w.panels.withUnsafeBufferPointer { panels in
                w.bias.withUnsafeBufferPointer { bias in
                    switch isa {
                    case .avx2:
                        multiplyPanels(a, rows: rows, w: w, panels: panels.baseAddress!, bias: bias.baseAddress!,
                                       c: c, panelRange: first..<last, gelu: epilogue == .gelu, prefetch: prefetch)
                    case .avx512:
                        // 12x32 tiles of ZMM accumulators over the same packed panels (CKernels/gemm_avx512.c).
                        ck_gemm_f32_avx512(a, rows, w.inputs, w.outputs, panels.baseAddress!, w.panelCount,
                                           bias.baseAddress!, c, first, last, epilogue == .gelu ? 1 : 0, prefetch,
                                           kc, mc)
                    }
                }
            }
        }
        parallel.run(chunks: jobs, run)
    }

    /// One thread's share: panels `panelRange`, all rows, blocked on `kc` and `mc`.
    static func multiplyPanels(_ a: UnsafePointer<Float>, rows: Int, w: PackedMatrix, panels: UnsafePointer<Float>,
                               bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, panelRange: Range<Int>,
                               gelu: Bool, prefetch: Int = 1) {
        let k = w.inputs, n = w.outputs, nr = panelWidth
        var k0 = 0
        while k0 < k {
            let kLen = min(kc, k - k0)
            let last = gelu && k0 + kLen == k  // the activation goes on after the final reduction block only
            var m0 = 0
            while m0 < rows {
                let mLen = min(mc, rows - m0)
                for p in panelRange {
                    let panel = panels + p * k * nr + k0 * nr
                    // The next panel's slice, streamed in while this one is multiplied (see `kernel6x16`).
                    let next = p + prefetch < w.panelCount ? panel + prefetch * k * nr : panel
                    let col = p * nr
                    // Columns past `outputs` are computed into a scratch tile and dropped.
                    let fullWidth = col + nr <= n
                    var r = 0
                    while r < mLen {
                        // 6-row tiles, but 8 leftover rows go as 4+4 and 4 or 5 as 4 (+1): see `kernel4x16`.
                        let left = mLen - r
                        let tile = left == 8 || (left >= 4 && left < rowTile) ? 4 : min(rowTile, left)
                        let aRow = a + (m0 + r) * k + k0
                        let cRow = c + (m0 + r) * n + col
                        if tile == rowTile && fullWidth {
                            kernel6x16(aRow, lda: k, panel, kLen: kLen, cRow, ldc: n,
                                       initial: k0 == 0 ? bias + col : nil, gelu: last, prefetch: next)
                        } else if tile == 4 && fullWidth {
                            kernel4x16(aRow, lda: k, panel, kLen: kLen, cRow, ldc: n,
                                       initial: k0 == 0 ? bias + col : nil, gelu: last, prefetch: next)
                        } else {
                            kernelEdge(aRow, lda: k, rows: tile, panel, kLen: kLen, cRow, ldc: n,
                                       columns: min(nr, n - col), initial: k0 == 0 ? bias + col : nil, gelu: last)
                        }
                        r += tile
                    }
                }
                m0 += mLen
            }
            k0 += kLen
        }
    }
}
