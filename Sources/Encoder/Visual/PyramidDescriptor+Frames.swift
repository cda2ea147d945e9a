extension PyramidDescriptor {
    /// One vector for the key frames of one video or live stream. Beyond averaging, frames taken from
    /// one stream share its UI overlay (chat panel, badges, captions) at fixed screen positions while
    /// the product moves between shots; with `config.staticDiscount > 0`, pixels that stay the same
    /// across all frames are discounted. When nearly everything is static (frames almost identical)
    /// the discount is skipped, since it would then say nothing about overlays.
    public func encode(frames images: [RGBImage]) -> [Float]? {
        guard !images.isEmpty else { return nil }
        let planes = images.map(canonicalPlanes)
        let extra = images.count >= 2 && config.staticDiscount > 0 ? dynamicWeights(planes) : nil
        var sum = [Float](repeating: 0, count: dimension)
        for p in planes {
            let v = encode(planes: p, extraWeights: extra)
            for i in 0..<dimension { sum[i] += v[i] }
        }
        DescriptorMath.l2Normalise(&sum, 0..<dimension)
        return sum
    }

    /// Per-pixel weights from the spread of the frames' colours at that pixel: 1 where they differ,
    /// `1 - staticDiscount` where they agree; nil when most pixels agree.
    func dynamicWeights(_ planes: [[[Float]]]) -> [Float]? {
        let n = planes[0][0].count, k = Float(planes.count)
        var weights = [Float](repeating: 1, count: n)
        var dynamicShare: Float = 0
        for i in 0..<n {
            var spread: Float = 0
            for c in 0..<3 {
                var mean: Float = 0
                for p in planes { mean += p[c][i] }
                mean /= k
                for p in planes { spread += abs(p[c][i] - mean) }
            }
            spread /= 3 * k
            let moving = max(0, min(1, (spread - config.staticBelow) / config.staticBelow))
            dynamicShare += moving
            weights[i] = 1 - config.staticDiscount * (1 - moving)
        }
        return dynamicShare / Float(n) < 0.3 ? nil : weights
    }
}
