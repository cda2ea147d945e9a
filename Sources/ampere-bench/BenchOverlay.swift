import Encoder

/// An extra, differently styled UI overlay painted on query frames (a stress test standing in for the
/// held-out set's "other UI overlays"): a translucent chat panel down the right quarter with white
/// text lines, a red badge in the top-right corner and an opaque price sticker lower left.
enum BenchOverlay {
    static func apply(_ image: RGBImage) -> RGBImage {
        var out = image
        let w = image.width, h = image.height
        for y in 0..<h {
            for x in 0..<w {
                let o = (y * w + x) * 3
                let panel = x >= w * 3 / 4 && y >= h / 4
                let badge = x >= w * 4 / 5 && y < h / 12
                let sticker = x >= w / 20 && x < w / 3 && y >= h * 7 / 10 && y < h * 4 / 5
                if badge {
                    out.pixels[o] = 220; out.pixels[o + 1] = 20; out.pixels[o + 2] = 60
                } else if sticker {
                    out.pixels[o] = 250; out.pixels[o + 1] = 200; out.pixels[o + 2] = 0
                } else if panel {
                    let text = (y / 5) % 4 == 1 && (x / 4) % 5 != 0
                    for c in 0..<3 { out.pixels[o + c] = text ? 255 : UInt8(Int(image.pixels[o + c]) / 3) }
                }
            }
        }
        return out
    }
}
