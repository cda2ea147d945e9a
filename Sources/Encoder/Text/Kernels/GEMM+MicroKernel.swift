import CPrefetch

extension GEMM {
    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// The 6x16 register tile: `c[0..<6][0..<16] (+)= a[0..<6][0..<kLen] · panel[0..<kLen][0..<16]`.
    ///
    /// `initial` non-nil means "first reduction block": start from the bias instead of reading `c`. `prefetch` is the
    /// same slice of the panel to be multiplied next (`kLen` x 16 floats, or any readable address): a query's
    /// weights (~42 MB over 6 layers) come from DRAM, and the first row tile of each panel otherwise stalls on them.
    /// Written out by hand (no arrays, no loops over the tile) so all 12 accumulators live in registers.
    @inline(__always)
    static func kernel6x16(_ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, kLen: Int,
                           _ c: UnsafeMutablePointer<Float>, ldc: Int, initial: UnsafePointer<Float>?,
                           gelu: Bool, prefetch: UnsafePointer<Float>) {
        var c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51: SIMD8<Float>
        if let initial {
            let b0 = load8(initial), b1 = load8(initial + 8)
            (c00, c01, c10, c11, c20, c21) = (b0, b1, b0, b1, b0, b1)
            (c30, c31, c40, c41, c50, c51) = (b0, b1, b0, b1, b0, b1)
        } else {
            c00 = load8(c); c01 = load8(c + 8)
            c10 = load8(c + ldc); c11 = load8(c + ldc + 8)
            c20 = load8(c + 2 * ldc); c21 = load8(c + 2 * ldc + 8)
            c30 = load8(c + 3 * ldc); c31 = load8(c + 3 * ldc + 8)
            c40 = load8(c + 4 * ldc); c41 = load8(c + 4 * ldc + 8)
            c50 = load8(c + 5 * ldc); c51 = load8(c + 5 * ldc + 8)
        }
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda
        var bp = b
        for k in 0..<kLen {
            let b0 = load8(bp), b1 = load8(bp + 8)
            bp += 16
            cprefetch_read(prefetch + k * 16)  // one 64-byte line of the next panel per step (no effect on results)
            var x = SIMD8<Float>(repeating: a0[k])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a1[k])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a2[k])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a3[k])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a4[k])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a5[k])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
        }
        if gelu {
            c00 = Activations.gelu8(c00); c01 = Activations.gelu8(c01); c10 = Activations.gelu8(c10); c11 = Activations.gelu8(c11)
            c20 = Activations.gelu8(c20); c21 = Activations.gelu8(c21); c30 = Activations.gelu8(c30); c31 = Activations.gelu8(c31)
            c40 = Activations.gelu8(c40); c41 = Activations.gelu8(c41); c50 = Activations.gelu8(c50); c51 = Activations.gelu8(c51)
        }
        store8(c00, c); store8(c01, c + 8)
        store8(c10, c + ldc); store8(c11, c + ldc + 8)
        store8(c20, c + 2 * ldc); store8(c21, c + 2 * ldc + 8)
        store8(c30, c + 3 * ldc); store8(c31, c + 3 * ldc + 8)
        store8(c40, c + 4 * ldc); store8(c41, c + 4 * ldc + 8)
        store8(c50, c + 5 * ldc); store8(c51, c + 5 * ldc + 8)
    }

    /// The 4x16 tile, for the rows a 6-row split leaves over (a 32-token query is 6+6+6+6+4+4 rows instead of
    /// 6+6+6+6+6 and two single rows): 8 independent accumulators still cover the FMA latency, where the one-row
    /// edge kernel has only 2. Same operations per output, in the same order, as `kernel6x16` and `kernelEdge`.
    @inline(__always)
    static func kernel4x16(_ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, kLen: Int,
                           _ c: UnsafeMutablePointer<Float>, ldc: Int, initial: UnsafePointer<Float>?,
                           gelu: Bool, prefetch: UnsafePointer<Float>) {
        var c00, c01, c10, c11, c20, c21, c30, c31: SIMD8<Float>
        if let initial {
            let b0 = load8(initial), b1 = load8(initial + 8)
            (c00, c01, c10, c11, c20, c21, c30, c31) = (b0, b1, b0, b1, b0, b1, b0, b1)
        } else {
            c00 = load8(c); c01 = load8(c + 8)
            c10 = load8(c + ldc); c11 = load8(c + ldc + 8)
            c20 = load8(c + 2 * ldc); c21 = load8(c + 2 * ldc + 8)
            c30 = load8(c + 3 * ldc); c31 = load8(c + 3 * ldc + 8)
        }
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda
        var bp = b
        for k in 0..<kLen {
            let b0 = load8(bp), b1 = load8(bp + 8)
            bp += 16
            cprefetch_read(prefetch + k * 16)  // one 64-byte line of the next panel per step (no effect on results)
            var x = SIMD8<Float>(repeating: a0[k])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a1[k])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a2[k])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a3[k])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
        }
        if gelu {
            c00 = Activations.gelu8(c00); c01 = Activations.gelu8(c01); c10 = Activations.gelu8(c10); c11 = Activations.gelu8(c11)
            c20 = Activations.gelu8(c20); c21 = Activations.gelu8(c21); c30 = Activations.gelu8(c30); c31 = Activations.gelu8(c31)
        }
        store8(c00, c); store8(c01, c + 8)
        store8(c10, c + ldc); store8(c11, c + ldc + 8)
        store8(c20, c + 2 * ldc); store8(c21, c + 2 * ldc + 8)
        store8(c30, c + 3 * ldc); store8(c31, c + 3 * ldc + 8)
    }

    /// Edge tiles (fewer than 6 rows left, or a last panel narrower than 16 columns): one row at a time,
    /// through a 16-float scratch so partial panels never write past `columns`.
    static func kernelEdge(_ a: UnsafePointer<Float>, lda: Int, rows: Int, _ b: UnsafePointer<Float>, kLen: Int,
                           _ c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, initial: UnsafePointer<Float>?,
                           gelu: Bool) {
        for r in 0..<rows {
            let ar = a + r * lda, cr = c + r * ldc
            var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
            for j in 0..<columns {
                let start = initial.map { $0[j] } ?? cr[j]
                if j < 8 { acc0[j] = start } else { acc1[j - 8] = start }
            }
            var bp = b
            for k in 0..<kLen {
                let x = SIMD8<Float>(repeating: ar[k])
                acc0 = acc0.addingProduct(x, load8(bp)); acc1 = acc1.addingProduct(x, load8(bp + 8))
                bp += 16
            }
            if gelu { acc0 = Activations.gelu8(acc0); acc1 = Activations.gelu8(acc1) }
            for j in 0..<columns { cr[j] = j < 8 ? acc0[j] : acc1[j - 8] }
        }
    }
}
