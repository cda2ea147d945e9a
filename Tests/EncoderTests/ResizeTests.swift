import Testing
@testable import Encoder
import VectorMath

@Suite("Resizing")
struct ResizeTests {
    @Test("halving averages each 2x2 block exactly (box filter)")
    func boxHalving() {
        var px: [UInt8] = []
        for i in 0..<16 {
            let v = UInt8(i * 10)
            px += [v, 255 - v, 7]
        }
        let out = RGBImage(width: 4, height: 4, pixels: px).resized(width: 2, height: 2)
        // Top-left block holds pixels 0, 1, 4, 5 => red (0 + 10 + 40 + 50) / 4 = 25.
        #expect(out.pixels[0] == 25 && out.pixels[1] == 230 && out.pixels[2] == 7)
        #expect(out.pixels[3] == 45)   // pixels 2, 3, 6, 7
    }

    @Test("non-integer shrink keeps the mean and a flat image stays flat")
    func fractionalShrink() {
        let flat = RGBImage(width: 97, height: 61, pixels: [UInt8](repeating: 200, count: 97 * 61 * 3))
        #expect(flat.resized(width: 13, height: 7).pixels.allSatisfy { $0 == 200 })
        var rng = SplitMix64(seed: 3)
        let noisy = RGBImage(width: 90, height: 60, pixels: (0..<(90 * 60 * 3)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        let planes = noisy.resampledPlanes(width: 7, height: 11)
        let meanIn = Float(noisy.pixels.reduce(0) { $0 + Int($1) }) / Float(noisy.pixels.count)
        let meanOut = planes.flatMap { $0 }.reduce(0, +) / Float(3 * 77)
        #expect(abs(meanIn - meanOut) < 0.5)
    }

    @Test("enlarging is bilinear: a two-pixel ramp becomes monotonic with the end values kept")
    func bilinearGrow() {
        let im = RGBImage(width: 2, height: 1, pixels: [0, 0, 0, 200, 200, 200])
        let out = im.resized(width: 8, height: 3)
        let row = stride(from: 0, to: 24, by: 3).map { out.pixels[$0] }
        #expect(row.first == 0 && row.last == 200)
        #expect(zip(row, row.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(out.pixels[0..<24] == out.pixels[48..<72])   // rows identical (source has one row)
    }

    @Test("same size is the identity")
    func identity() {
        let im = SyntheticProduct.photo(seed: 9, width: 20, height: 30)
        #expect(im.resized(width: 20, height: 30) == im)
    }
}
