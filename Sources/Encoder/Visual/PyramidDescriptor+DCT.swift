extension PyramidDescriptor {
    /// The low-frequency DCT-II coefficients (0 < u + v <= `dctOrder`) of the grey image, average-pooled
    /// to `dctSide` and z-normalised first so that brightness and contrast shifts cancel out. This is
    /// the coarse layout of light and dark: complementary to the orderless histograms.
    func dctSignature(_ grey: [Float], into out: inout [Float], at base: Int) {
        let s = config.side, d = config.dctSide, k = config.dctOrder, pool = s / d
        var small = [Float](repeating: 0, count: d * d)
        for y in 0..<s { for x in 0..<s { small[(y / pool) * d + x / pool] += grey[y * s + x] } }
        var mean: Float = 0
        for v in small { mean += v }
        mean /= Float(d * d)
        var variance: Float = 0
        for v in small { variance += (v - mean) * (v - mean) }
        let inv = 1 / max((variance / Float(d * d)).squareRoot(), 1e-3)
        for i in 0..<(d * d) { small[i] = (small[i] - mean) * inv }
        // Separable: rows first (u along x), then columns (v along y), only the low frequencies.
        var rows = [Float](repeating: 0, count: d * (k + 1))   // [y][u]
        for y in 0..<d {
            for u in 0...k {
                var acc: Float = 0
                for x in 0..<d { acc += small[y * d + x] * dctCos[u * d + x] }
                rows[y * (k + 1) + u] = acc
            }
        }
        var o = base
        for order in 1...k {
            for v in 0...order {
                let u = order - v
                var acc: Float = 0
                for y in 0..<d { acc += rows[y * (k + 1) + u] * dctCos[v * d + y] }
                out[o] = acc / Float(d)
                o += 1
            }
        }
    }
}
