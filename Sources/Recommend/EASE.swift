import Foundation

/// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): the item-to-item weights B that
/// best reconstruct each training basket from its other items, min ‖X − XB‖² + λ‖B‖² with diag(B) = 0, in closed
/// form: P = (XᵀX + λI)⁻¹, B_ij = −P_ij / P_jj (i ≠ j). A history x scores item j as Σᵢ xᵢ·B_ij. Unlike a cosine
/// of co-occurrence it discounts what a neighbour explains only because it co-occurs with the history's other items,
/// and its weights can be negative. The inverse is one Cholesky factorisation (A = LLᵀ, P = L⁻ᵀL⁻¹) in Double,
/// O(m³) for m items with training baskets, so the catalogue it covers is capped (`maxItems`).
public enum EASE {
    /// Row-major m × m Gram matrix XᵀX of `baskets` over `m` items (each basket's items counted once).
    static func gram(_ baskets: [[Int]], items m: Int) -> [Double] {
        var g = [Double](repeating: 0, count: m * m)
        for basket in baskets {
            let items = Array(Set(basket.filter { $0 >= 0 && $0 < m }))
            for a in items { for b in items { g[a * m + b] += 1 } }
        }
        return g
    }

    /// (A + λI)⁻¹ for a symmetric positive semi-definite row-major `a` (m × m), overwriting `a`. Throws when the
    /// factorisation meets a pivot that is not positive beyond rounding (λ = 0 on a singular Gram matrix).
    static func regularisedInverse(_ a: inout [Double], items m: Int, lambda: Double) throws(TowerError) {
        guard m > 0 else { return }
        var inverse = [Double](repeating: 0, count: m * m)
        var failed = false
        a.withUnsafeMutableBufferPointer { lBuf in
            inverse.withUnsafeMutableBufferPointer { mBuf in
                let l = lBuf.baseAddress!, inv = mBuf.baseAddress!
                for i in 0..<m { l[i * m + i] += lambda }
                // Cholesky, lower triangle in place: L_ij = (A_ij − Σ_{k<j} L_ik·L_jk) / L_jj.
                for i in 0..<m {
                    let ri = l + i * m
                    for j in 0...i {
                        let rj = l + j * m
                        var s = ri[j]
                        for k in 0..<j { s -= ri[k] * rj[k] }
                        if i == j {
                            // A pivot at rounding level of the diagonal it started from: singular.
                            guard s > ri[i] * 1e-10, s.isFinite else { failed = true; return }
                            ri[i] = s.squareRoot()
                        } else {
                            ri[j] = s / rj[j]
                        }
                    }
                }
                // M = L⁻¹ (lower), row by row: M_i = (e_i − Σ_{k<i} L_ik·M_k) / L_ii; row k is zero past column k.
                for i in 0..<m {
                    let ri = l + i * m, mi = inv + i * m
                    for k in 0..<i {
                        let c = ri[k]
                        if c == 0 { continue }
                        let mk = inv + k * m
                        for b in 0...k { mi[b] -= c * mk[b] }
                    }
                    mi[i] += 1
                    let d = 1 / ri[i]
                    for b in 0...i { mi[b] *= d }
                }
                // P = MᵀM, lower triangle: P_ab = Σ_{k ≥ a} M_ka·M_kb (b ≤ a), accumulated row of M by row.
                for x in 0..<(m * m) { l[x] = 0 }
                for k in 0..<m {
                    let mk = inv + k * m
                    for a in 0...k {
                        let c = mk[a]
                        if c == 0 { continue }
                        let pa = l + a * m
                        for b in 0...a { pa[b] += c * mk[b] }
                    }
                }
                for a in 0..<m { for b in 0..<a { l[b * m + a] = l[a * m + b] } }
            }
        }
        if failed { throw TowerError("EASE: the regularised Gram matrix is not positive definite (λ \(lambda))") }
    }

    /// The EASE weights of `baskets` over `n` catalog items, sparse: for every item with training baskets (at most
    /// `maxItems` of them, else nil), its `neighbours` largest weights B_ij by magnitude, strongest first, and the
    /// training baskets holding each item. Items without baskets get empty rows.
    public static func table(baskets: [[Int]], items n: Int, lambda: Double, neighbours: Int,
                             maxItems: Int) throws(TowerError) -> (rows: [[Int32]], weights: [[Float]], baskets: [Int32])? {
        var held = [Int32](repeating: 0, count: n)
        for basket in baskets { for i in Set(basket) where i >= 0 && i < n { held[i] += 1 } }
        let warm = (0..<n).filter { held[$0] > 0 }
        guard warm.count <= maxItems else { return nil }
        var local = [Int](repeating: -1, count: n)
        for (a, i) in warm.enumerated() { local[i] = a }
        let m = warm.count
        var p = gram(baskets.map { $0.compactMap { $0 >= 0 && $0 < n && local[$0] >= 0 ? local[$0] : nil } }, items: m)
        try regularisedInverse(&p, items: m, lambda: lambda)
        var rows = [[Int32]](repeating: [], count: n), weights = [[Float]](repeating: [], count: n)
        var scored: [(Int, Float)] = []
        scored.reserveCapacity(m)
        for a in 0..<m {
            scored.removeAll(keepingCapacity: true)
            for b in 0..<m where b != a {
                let w = Float(-p[a * m + b] / p[b * m + b])
                if w != 0, w.isFinite { scored.append((warm[b], w)) }
            }
            scored.sort { abs($0.1) != abs($1.1) ? abs($0.1) > abs($1.1) : $0.0 < $1.0 }
            let kept = scored.prefix(neighbours)
            rows[warm[a]] = kept.map { Int32($0.0) }
            weights[warm[a]] = kept.map(\.1)
        }
        return (rows, weights, held)
    }
}
