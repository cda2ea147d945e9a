extension PyramidDescriptor {
    /// Gradient-orientation histograms (HOG-like) of the grey image over the same pyramid as the colour:
    /// unsigned orientation (a dark-on-light edge matches light-on-dark, as under a background swap),
    /// soft over two orientation bins, weighted by gradient magnitude. Each region is divided by its
    /// total magnitude plus a floor proportional to the image's mean, so that flat regions stay small.
    func gradientHistograms(_ grey: [Float], weights: [Float], into out: inout [Float], at base: Int) {
        let s = config.side, no = config.orientationBins
        var totals = [Float](repeating: 0, count: regions)
        var bins = [Int](repeating: 0, count: 2), binW = [Float](repeating: 0, count: 2)
        var magnitudeSum: Float = 0
        grey.withUnsafeBufferPointer { gp in
            for y in 1..<(s - 1) {
                for x in 1..<(s - 1) {
                    let i = y * s + x
                    let gx = gp[i + 1] - gp[i - 1], gy = gp[i + s] - gp[i - s]
                    let m = (gx * gx + gy * gy).squareRoot()
                    guard m > 1 else { continue }   // below JPEG / quantisation noise
                    magnitudeSum += m
                    var a = DescriptorMath.atan2(gy, gx)
                    if a < 0 { a += Float.pi }
                    let t = a / Float.pi * Float(no) - 0.5
                    let t0 = t < 0 ? -1 : Int(t), f = t - Float(t0)
                    bins[0] = (t0 + no) % no; binW[0] = m * (1 - f)
                    bins[1] = (t0 + 1) % no; binW[1] = m * f
                    accumulate(x: x, y: y, weight: weights[i], bins: bins, binWeights: binW, count: 2,
                               binsPerRegion: no, base: base, totals: &totals, into: &out)
                }
            }
        }
        // Regions accumulated pixel weights in `totals`; what normalises a gradient histogram is its mass.
        for region in 0..<regions {
            var mass: Float = 0
            for k in 0..<no { mass += out[base + region * no + k] }
            totals[region] = mass
        }
        // A tenth of an average region's share of all gradient mass.
        let floor = 0.1 * magnitudeSum / Float(regions)
        normaliseRegions(&out, base: base, binsPerRegion: no, totals: totals, floor: floor)
    }
}
