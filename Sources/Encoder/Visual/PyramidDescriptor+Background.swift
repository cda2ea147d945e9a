extension PyramidDescriptor {
    /// Per-pixel weight discounting likely background: pixels whose colour is close to one of the
    /// colours along the image border. A product photo's white studio background, or a swapped-in
    /// backdrop, touches the border; the product mostly does not. Cropped frames cut through the product
    /// too, so the discount is partial (`config.backgroundDiscount`) rather than a hard mask.
    func pixelWeights(_ planes: [[Float]]) -> [Float] {
        let s = config.side
        guard config.backgroundDiscount > 0 else { return [Float](repeating: 1, count: s * s) }
        // Border colours: the mean of each block along the border of an 8 x 8 block grid.
        let blocks = config.borderBlocks, b = s / blocks
        var samples: [Float] = []
        for by in 0..<blocks {
            for bx in 0..<blocks where by == 0 || by == blocks - 1 || bx == 0 || bx == blocks - 1 {
                var acc: [Float] = [0, 0, 0]
                for y in (by * b)..<((by + 1) * b) {
                    for x in (bx * b)..<((bx + 1) * b) { for c in 0..<3 { acc[c] += planes[c][y * s + x] } }
                }
                samples += acc.map { $0 / Float(b * b) }
            }
        }
        let n = samples.count / 3
        let near = config.backgroundNear, span = max(1, config.backgroundFar - config.backgroundNear)
        var weights = [Float](repeating: 1, count: s * s)
        planes[0].withUnsafeBufferPointer { r in
            planes[1].withUnsafeBufferPointer { g in
                planes[2].withUnsafeBufferPointer { bl in
                    samples.withUnsafeBufferPointer { sm in
                        for i in 0..<(s * s) {
                            var best = Float.greatestFiniteMagnitude
                            for k in 0..<n {
                                let dr = r[i] - sm[3 * k], dg = g[i] - sm[3 * k + 1], db = bl[i] - sm[3 * k + 2]
                                best = min(best, dr * dr + dg * dg + db * db)
                            }
                            let fg = max(0, min(1, (best.squareRoot() - near) / span))
                            weights[i] = 1 - config.backgroundDiscount * (1 - fg)
                        }
                    }
                }
            }
        }
        return weights
    }
}
