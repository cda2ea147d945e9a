extension PyramidDescriptor {
    /// White-patch colour constancy: finds each channel's bright end (a high percentile, robust to a
    /// few clipped pixels) and scales the channels so those ends agree with the brightest one. A frame
    /// shot under warm light, or colour-jittered by a stream filter, then has the histogram of the same
    /// product in the catalogue. The correction is skipped when no channel end is near white and gains
    /// are capped, so that a colourful image without any white is not bleached; `colourConstancy` blends
    /// between no correction and full correction.
    func correctColourCast(_ planes: inout [[Float]]) {
        let count = planes[0].count
        let rank = Int(Float(count - 1) * config.whitePercentile)
        var ends: [Float] = []
        for c in 0..<3 {
            var histogram = [Int](repeating: 0, count: 256)
            for v in planes[c] { histogram[Int(max(0, min(255, v)))] += 1 }
            var seen = 0, level = 0
            for (i, n) in histogram.enumerated() {
                seen += n
                if seen > rank { level = i; break }
            }
            ends.append(Float(max(level, 16)))
        }
        let top = ends.max()!, bottom = ends.min()!
        // Only a bright end that is nearly white (a tinted white patch: background, highlight, caption
        // text) says anything about the light; a saturated bright end is the product's own colour.
        let trust = max(0, min(1, (bottom - 130) / 50)) * config.colourConstancy
        guard trust > 0 else { return }
        for c in 0..<3 {
            let gain = 1 + trust * (min(top / ends[c], 1.35) - 1)
            guard gain != 1 else { continue }
            planes[c].withUnsafeMutableBufferPointer { p in
                for i in 0..<count { p[i] = min(255, p[i] * gain) }
            }
        }
    }
}
