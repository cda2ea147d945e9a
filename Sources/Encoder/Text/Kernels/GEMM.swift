import Dispatch

/// Single-precision matrix multiply `C = A · Wᵀ + bias` for the MiniLM forward pass.
///
/// A BLIS-style design: weights pre-packed into 16-column panels (`PackedMatrix`), a 6x16 register-tiled
/// micro-kernel (12 `SIMD8` accumulators = 12 of the 16 AVX2 registers), cache blocking on the reduction
/// (`kc`) so a panel slice stays in L1 and on rows (`mc`) so the activations stay in L2, and the panels
/// split between threads so each core streams only its half of the weights.
/// `addingProduct` becomes one `vfmadd` because the Encoder target is built with `-target-cpu haswell`
/// (on baseline x86-64 it would call libm `fmaf` per lane; see notes/SWIFT-ON-LINUX.md §4).
public enum GEMM {
    /// Output columns per packed panel and per micro-kernel call.
    public static let panelWidth = 16
    /// Rows per micro-kernel call.
    static let rowTile = 6
    /// Reduction block: 256 x 16 floats = 16 KiB of panel, resident in L1 while `mc` rows stream past.
    static let kc = 256
    /// Row block: 96 x 256 floats = 96 KiB of activations, resident in L2.
    static let mc = 96

    /// `c[m][n] = bias[n] + Σ_k a[m][k] · W[n][k]` for `rows` rows; `a` has stride `inputs`, `c` stride `outputs`.
    ///
    /// `threads` > 1 splits the panels with `DispatchQueue.concurrentPerform`, so call this from the
    /// encoder's own queue, never from the Swift concurrency pool.
    public static func multiply(_ a: UnsafePointer<Float>, rows: Int, by w: PackedMatrix,
                                into c: UnsafeMutablePointer<Float>, threads: Int = 1) {
        guard rows > 0 else { return }
        let jobs = max(1, min(threads, w.panelCount))
        // Raw addresses cross into the @Sendable worker closure; each worker writes a disjoint column range.
        let aAddress = UInt(bitPattern: a), cAddress = UInt(bitPattern: c)
        let run = { @Sendable (job: Int) in
            let a = UnsafePointer<Float>(bitPattern: aAddress)!, c = UnsafeMutablePointer<Float>(bitPattern: cAddress)!
            let first = w.panelCount * job / jobs, last = w.panelCount * (job + 1) / jobs
            w.panels.withUnsafeBufferPointer { panels in
                w.bias.withUnsafeBufferPointer { bias in
                    multiplyPanels(a, rows: rows, w: w, panels: panels.baseAddress!, bias: bias.baseAddress!,
                                   c: c, panelRange: first..<last)
                }
            }
        }
        if jobs == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: jobs, execute: run) }
    }

    /// One thread's share: panels `panelRange`, all rows, blocked on `kc` and `mc`.
    static func multiplyPanels(_ a: UnsafePointer<Float>, rows: Int, w: PackedMatrix, panels: UnsafePointer<Float>,
                               bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, panelRange: Range<Int>) {
        let k = w.inputs, n = w.outputs, nr = panelWidth
        var k0 = 0
        while k0 < k {
            let kLen = min(kc, k - k0)
            var m0 = 0
            while m0 < rows {
                let mLen = min(mc, rows - m0)
                for p in panelRange {
                    let panel = panels + p * k * nr + k0 * nr
                    let col = p * nr
                    // Columns past `outputs` are computed into a scratch tile and dropped.
                    let fullWidth = col + nr <= n
                    var r = 0
                    while r < mLen {
                        let tile = min(rowTile, mLen - r)
                        let aRow = a + (m0 + r) * k + k0
                        let cRow = c + (m0 + r) * n + col
                        if tile == rowTile && fullWidth {
                            kernel6x16(aRow, lda: k, panel, kLen: kLen, cRow, ldc: n,
                                       initial: k0 == 0 ? bias + col : nil)
                        } else {
                            kernelEdge(aRow, lda: k, rows: tile, panel, kLen: kLen, cRow, ldc: n,
                                       columns: min(nr, n - col), initial: k0 == 0 ? bias + col : nil)
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
