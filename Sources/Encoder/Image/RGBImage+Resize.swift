extension RGBImage {
    /// This image resampled to `width x height` (aspect ratio not preserved): area filter on each axis
    /// that shrinks, bilinear on each axis that grows. Separable, computed in `Float`, rounded once.
    public func resized(width outW: Int, height outH: Int) -> RGBImage {
        precondition(outW > 0 && outH > 0, "resized: bad size")
        if outW == width && outH == height { return self }
        let planes = resampledPlanes(width: outW, height: outH)
        var out = [UInt8](repeating: 0, count: outW * outH * 3)
        for i in 0..<(outW * outH) {
            for c in 0..<3 { out[3 * i + c] = UInt8(max(0, min(255, planes[c][i].rounded()))) }
        }
        return RGBImage(width: outW, height: outH, pixels: out)
    }

    /// This image resampled to `width x height` as three `Float` planes (R, G, B; values 0...255,
    /// row-major). The visual descriptor works on these directly, skipping the rounding to bytes.
    public func resampledPlanes(width outW: Int, height outH: Int) -> [[Float]] {
        let wx = ResampleWeights(source: width, output: outW)
        let wy = ResampleWeights(source: height, output: outH)
        // Horizontal pass: height x outW x 3, interleaved. One flat loop over unsafe buffers: this is
        // the hot part of the visual branch (every source pixel is read here exactly once per tap).
        var mid = [Float](repeating: 0, count: height * outW * 3)
        let taps = wx.taps, srcW = width
        pixels.withUnsafeBufferPointer { src in
            mid.withUnsafeMutableBufferPointer { dst in
                wx.starts.withUnsafeBufferPointer { starts in
                    wx.counts.withUnsafeBufferPointer { counts in
                        wx.weights.withUnsafeBufferPointer { weights in
                            for y in 0..<height {
                                let row = src.baseAddress! + y * srcW * 3
                                let out = dst.baseAddress! + y * outW * 3
                                for o in 0..<outW {
                                    var r: Float = 0, g: Float = 0, b: Float = 0
                                    var p = row + starts[o] * 3
                                    let w = weights.baseAddress! + o * taps
                                    for t in 0..<counts[o] {
                                        r += w[t] * Float(p[0]); g += w[t] * Float(p[1]); b += w[t] * Float(p[2])
                                        p += 3
                                    }
                                    out[3 * o] = r; out[3 * o + 1] = g; out[3 * o + 2] = b
                                }
                            }
                        }
                    }
                }
            }
        }
        // Vertical pass into planar output.
        var planes = [[Float]](repeating: [Float](repeating: 0, count: outW * outH), count: 3)
        for c in 0..<3 {
            mid.withUnsafeBufferPointer { src in
                planes[c].withUnsafeMutableBufferPointer { dst in
                    for o in 0..<outH {
                        let s0 = wy.starts[o], base = o * wy.taps, n = wy.counts[o]
                        for x in 0..<outW {
                            var acc: Float = 0
                            for t in 0..<n { acc += wy.weights[base + t] * src[((s0 + t) * outW + x) * 3 + c] }
                            dst[o * outW + x] = acc
                        }
                    }
                }
            }
        }
        return planes
    }
}
