import Encoder
import Synchronization

/// A stand-in visual branch: the image's mean R, G, B and a constant, L2-normalised. Records whether each
/// call ran on the encoder's queue.
final class FakeVisualEncoder: VisualEncoder {
    let name = "fake-visual"
    let dimension = 4
    let calls = Mutex<[Bool]>([])

    func encode(_ image: RGBImage) -> [Float] {
        calls.withLock { $0.append(MultimodalEncoder.isOnEncoderQueue) }
        var sums: [Float] = [0, 0, 0]
        for (i, p) in image.pixels.enumerated() { sums[i % 3] += Float(p) }
        let v = sums.map { $0 / Float(image.width * image.height) } + [10]
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }

    static func solid(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> RGBImage {
        RGBImage(width: 2, height: 2, pixels: [UInt8]((0..<4).flatMap { _ in [r, g, b] }))
    }
}
