/// The reference the visual branch is measured against: a global RGB colour histogram (4 x 4 x 4 bins)
/// plus a 16 x 16 grey thumbnail, each L2-normalised, equally weighted. No spatial pyramid, no soft
/// binning, no gradients. Kept (and tested) so that benchmarks can report both in the same run.
public struct ThumbnailHistogramDescriptor: VisualEncoder {
    /// Short name for logs and benchmark tables.
    public let name = "baseline-rgbhist-thumb16"
    /// 64 histogram bins + 256 thumbnail pixels.
    public let dimension = 64 + 256

    /// Creates the baseline descriptor.
    public init() {}

    /// The descriptor of `image`, L2-normalised.
    public func encode(_ image: RGBImage) -> [Float] {
        var out = [Float](repeating: 0, count: dimension)
        image.pixels.withUnsafeBufferPointer { p in
            for i in stride(from: 0, to: p.count, by: 3) {
                out[Int(p[i] >> 6) * 16 + Int(p[i + 1] >> 6) * 4 + Int(p[i + 2] >> 6)] += 1
            }
        }
        let planes = image.resampledPlanes(width: 16, height: 16)
        var mean: Float = 0
        for i in 0..<256 {
            out[64 + i] = 0.299 * planes[0][i] + 0.587 * planes[1][i] + 0.114 * planes[2][i]
            mean += out[64 + i] / 256
        }
        for i in 0..<256 { out[64 + i] -= mean }
        DescriptorMath.l2Normalise(&out, 0..<64)
        DescriptorMath.l2Normalise(&out, 64..<320)
        DescriptorMath.l2Normalise(&out, 0..<320)
        return out
    }
}
