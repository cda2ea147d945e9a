extension PyramidDescriptor {
    /// Colour histograms of the global level (centre-weighted) and of each grid cell, written at the
    /// start of `out` as `regions` consecutive histograms of `colourBins` bins, each a distribution.
    ///
    /// Bins: `hueBins` hues x 2 saturation levels for chromatic pixels, `greyBins` grey levels for the
    /// rest; a pixel's chroma decides softly how much it counts as chromatic, so a colour shift that
    /// desaturates a little does not jump bins.
    func colourHistograms(_ planes: [[Float]], weights: [Float], into out: inout [Float]) {
        let s = config.side, nh = config.hueBins, ng = config.greyBins, nb = colourBins
        var totals = [Float](repeating: 0, count: regions)
        var bins = [Int](repeating: 0, count: 6), binW = [Float](repeating: 0, count: 6)
        for y in 0..<s {
            for x in 0..<s {
                let i = y * s + x
                let r = planes[0][i], gr = planes[1][i], b = planes[2][i]
                let mx = max(r, gr, b), mn = min(r, gr, b)
                let chroma = (mx - mn) / 255
                let wc = max(0, min(1, (chroma - 0.06) / 0.12))
                var nbins = 0
                if wc > 0 {
                    // Hue in 0 ..< 6, then soft over two neighbouring (circular) hue bins.
                    let d = max(mx - mn, 1e-6)
                    var h: Float = mx == r ? (gr - b) / d : (mx == gr ? 2 + (b - r) / d : 4 + (r - gr) / d)
                    if h < 0 { h += 6 }
                    let t = h / 6 * Float(nh) - 0.5
                    let t0 = t < 0 ? -1 : Int(t), f = t - Float(t0)
                    let h0 = (t0 + nh) % nh, h1 = (t0 + 1) % nh
                    let sat = (mx - mn) / max(mx, 1e-6)
                    let hi = max(0, min(1, (sat - 0.25) / 0.5))
                    bins[0] = 2 * h0; binW[0] = wc * (1 - f) * (1 - hi)
                    bins[1] = 2 * h0 + 1; binW[1] = wc * (1 - f) * hi
                    bins[2] = 2 * h1; binW[2] = wc * f * (1 - hi)
                    bins[3] = 2 * h1 + 1; binW[3] = wc * f * hi
                    nbins = 4
                }
                if wc < 1 {
                    let l = (0.299 * r + 0.587 * gr + 0.114 * b) / 255
                    let t = max(0, min(Float(ng - 1), l * Float(ng - 1)))
                    let l0 = min(ng - 2, Int(t)), f = t - Float(l0)
                    bins[nbins] = 2 * nh + l0; binW[nbins] = (1 - wc) * (1 - f); nbins += 1
                    bins[nbins] = 2 * nh + l0 + 1; binW[nbins] = (1 - wc) * f; nbins += 1
                }
                accumulate(x: x, y: y, weight: weights[i], bins: bins, binWeights: binW, count: nbins,
                           binsPerRegion: nb, base: 0, totals: &totals, into: &out)
            }
        }
        normaliseRegions(&out, base: 0, binsPerRegion: nb, totals: totals, floor: 0)
    }

    /// Adds one pixel's soft bins to the global region (centre-weighted) and its (up to 4) grid cells.
    @inline(__always)
    func accumulate(x: Int, y: Int, weight: Float, bins: [Int], binWeights: [Float], count: Int,
                    binsPerRegion nb: Int, base: Int, totals: inout [Float], into out: inout [Float]) {
        let s = config.side, g = config.gridCells
        let wGlobal = weight * centre[y * s + x]
        totals[0] += wGlobal
        for k in 0..<count { out[base + bins[k]] += wGlobal * binWeights[k] }
        let cx = grid.lower[x], cy = grid.lower[y], fx = grid.weight[x], fy = grid.weight[y]
        for j in 0..<2 {
            let gy = j == 0 ? cy : min(cy + 1, g - 1), wy = j == 0 ? fy : 1 - fy
            guard wy > 0 else { continue }
            for k in 0..<2 {
                let gx = k == 0 ? cx : min(cx + 1, g - 1), wx = k == 0 ? fx : 1 - fx
                guard wx > 0 else { continue }
                let region = 1 + gy * g + gx, w = weight * wx * wy
                totals[region] += w
                let o = base + region * nb
                for k in 0..<count { out[o + bins[k]] += w * binWeights[k] }
            }
        }
    }

    /// Divides each region's histogram by its total weight (plus `floor`, which keeps nearly empty
    /// regions small instead of blowing up their noise), and scales the grid level by `gridWeight`.
    func normaliseRegions(_ out: inout [Float], base: Int, binsPerRegion nb: Int, totals: [Float], floor: Float) {
        for region in 0..<regions {
            let denom = totals[region] + floor
            guard denom > 1e-9 else { continue }
            let scale = (region == 0 ? 1 : config.gridWeight * config.gridWeight) / denom
            for k in 0..<nb { out[base + region * nb + k] *= scale }
        }
    }
}
