import CJPEGShim
@testable import Encoder

/// JPEG fixtures made by libjpeg's compressor through the shim (no `cjpeg` CLI here).
enum JPEGFixture {
    /// Encodes `image`; `grayscale` writes a one-component JPEG.
    static func encode(_ image: RGBImage, quality: Int = 92, progressive: Bool = false,
                       grayscale: Bool = false, scanBomb: Bool = false) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        var message = [CChar](repeating: 0, count: 200)
        let code = image.pixels.withUnsafeBufferPointer { px in
            cjpegshim_encode(px.baseAddress, Int32(image.width), Int32(image.height), Int32(quality),
                             scanBomb ? 2 : (progressive ? 1 : 0), grayscale || scanBomb ? 1 : 0, &out, &size, &message, message.count)
        }
        precondition(code == 0, "cjpegshim_encode failed")
        defer { cjpegshim_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(size)))
    }

    /// A smooth test picture (gradients and a disc), so that JPEG's loss stays small and measurable.
    static func gradient(width: Int, height: Int) -> RGBImage {
        var px: [UInt8] = []
        px.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let dx = x - width / 2, dy = y - height / 2
                let inDisc = dx * dx + dy * dy < (min(width, height) / 4) * (min(width, height) / 4)
                px += [UInt8(x * 255 / max(1, width - 1)), UInt8(y * 255 / max(1, height - 1)), inDisc ? 200 : 40]
            }
        }
        return RGBImage(width: width, height: height, pixels: px)
    }

    /// Mean absolute difference per byte between two images of one size.
    static func meanAbsDiff(_ a: RGBImage, _ b: RGBImage) -> Double {
        precondition(a.width == b.width && a.height == b.height)
        let sum = zip(a.pixels, b.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        return Double(sum) / Double(a.pixels.count)
    }
}
