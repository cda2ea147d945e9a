@testable import Encoder
import VectorMath

/// Seeded synthetic "product photos" and the distortions key frames suffer, for descriptor tests.
enum SyntheticProduct {
    /// A 192 x 256 photo: a patterned object (shape, colours, stripe direction and period from `seed`)
    /// on a near-white studio background.
    static func photo(seed: UInt64, width: Int = 192, height: Int = 256) -> RGBImage {
        var rng = SplitMix64(seed: seed)
        func unit() -> Double { Double(rng.next() % 10_000) / 10_000 }
        let base = (0..<3).map { _ in 30 + Int(unit() * 200) }, stripe = (0..<3).map { _ in 30 + Int(unit() * 200) }
        let ellipse = unit() < 0.5, rx = 0.25 + unit() * 0.15, ry = 0.28 + unit() * 0.15
        let angle = unit() * Double.pi, period = 6 + unit() * 20
        let (ca, sa) = (cosApprox(angle), cosApprox(angle - Double.pi / 2))
        var px = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let u = Double(x) / Double(width) - 0.5, v = Double(y) / Double(height) - 0.52
                let inside = ellipse ? (u * u) / (rx * rx) + (v * v) / (ry * ry) < 1 : abs(u) < rx && abs(v) < ry
                let o = (y * width + x) * 3
                if inside {
                    let phase = (Double(x) * ca + Double(y) * sa) / period
                    let c = phase - phase.rounded(.down) < 0.5 ? base : stripe
                    for k in 0..<3 { px[o + k] = UInt8(c[k]) }
                } else {
                    for k in 0..<3 { px[o + k] = UInt8(248 + Int(rng.next() % 8)) }
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: px)
    }

    /// Taylor-free cosine good enough for picking a stripe direction (avoids importing libm in tests).
    private static func cosApprox(_ x: Double) -> Double {
        var t = x.truncatingRemainder(dividingBy: 2 * Double.pi)
        if t > Double.pi { t -= 2 * Double.pi }
        if t < -Double.pi { t += 2 * Double.pi }
        let t2 = t * t
        return 1 - t2 / 2 + t2 * t2 / 24 - t2 * t2 * t2 / 720 + t2 * t2 * t2 * t2 / 40320
    }

    /// The region `x0 ..< x0 + w`, `y0 ..< y0 + h`.
    static func crop(_ im: RGBImage, x0: Int, y0: Int, w: Int, h: Int) -> RGBImage {
        var px: [UInt8] = []
        for y in y0..<(y0 + h) { px += im.pixels[((y * im.width + x0) * 3)..<((y * im.width + x0 + w) * 3)] }
        return RGBImage(width: w, height: h, pixels: px)
    }

    /// Per-channel gain and offset (a white-balance and exposure shift).
    static func colourShift(_ im: RGBImage, gain: [Double], offset: Int) -> RGBImage {
        var out = im
        for i in 0..<im.pixels.count {
            out.pixels[i] = UInt8(max(0, min(255, Int(Double(im.pixels[i]) * gain[i % 3]) + offset)))
        }
        return out
    }

    /// A (2r+1)-wide box blur, applied twice (close to a Gaussian).
    static func blur(_ im: RGBImage, radius r: Int) -> RGBImage {
        var cur = im
        for _ in 0..<2 {
            var next = cur
            for y in 0..<im.height {
                for x in 0..<im.width {
                    for c in 0..<3 {
                        var s = 0, n = 0
                        for dy in -r...r { for dx in -r...r {
                            let xx = x + dx, yy = y + dy
                            if xx >= 0, yy >= 0, xx < im.width, yy < im.height { s += Int(cur.pixels[(yy * im.width + xx) * 3 + c]); n += 1 }
                        } }
                        next.pixels[(y * im.width + x) * 3 + c] = UInt8(s / n)
                    }
                }
            }
            cur = next
        }
        return cur
    }

    /// A live-stream UI: a semi-transparent dark bar along the bottom with white "text" blocks,
    /// a badge in the top-left corner.
    static func overlay(_ im: RGBImage) -> RGBImage {
        var out = im
        for y in 0..<im.height {
            for x in 0..<im.width {
                let o = (y * im.width + x) * 3
                let bar = y > im.height * 82 / 100, badge = y < im.height / 10 && x < im.width / 3
                guard bar || badge else { continue }
                let text = bar && (x / 6) % 3 != 0 && (y / 4) % 3 == 1
                for c in 0..<3 {
                    let v = Int(im.pixels[o + c])
                    out.pixels[o + c] = UInt8(text ? 255 : (badge ? (c == 0 ? 230 : 40) : v * 2 / 5))
                }
            }
        }
        return out
    }
}
