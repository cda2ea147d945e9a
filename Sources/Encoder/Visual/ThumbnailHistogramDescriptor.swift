/// The reference the visual branch is measured against: a global RGB colour histogram (8 x 8 x 8 bins,
/// square-rooted counts by default) plus a 16 x 16 grey thumbnail (mean removed), each L2-normalised,
/// equally weighted. No spatial pyramid, no soft binning, no gradients, no background handling.
/// Kept (and tested) so that benchmarks can report both in the same run.
public struct ThumbnailHistogramDescriptor: VisualEncoder {
    /// Short name for logs and benchmark tables.
    public let name = "baseline-rgbhist-thumb16"
    /// Histogram bins + 256 thumbnail pixels.
    public let dimension: Int

    /// Bits per channel of the joint RGB histogram (2 => 4 x 4 x 4 bins).
    let bits: Int
    /// Whether histogram counts are square-rooted (Hellinger) before normalisation.
    let hellinger: Bool

    /// Creates the baseline descriptor.
    public init(bitsPerChannel: Int = 3, hellinger: Bool = true) {
        bits = bitsPerChannel
        self.hellinger = hellinger
        dimension = (1 << (3 * bitsPerChannel)) + 256
    }

    /// The descriptor of `image`, L2-normalised.
    public func encode(_ image: RGBImage) -> [Float] {
        var out = [Float](repeating: 0, count: dimension)
        let shift = 8 - bits
        image.pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { h in
                for i in stride(from: 0, to: p.count, by: 3) {
                    let r = Int(p[i]) >> shift, g = Int(p[i + 1]) >> shift, b = Int(p[i + 2]) >> shift
                    h[(r << (2 * bits)) | (g << bits) | b] += 1
                }
            }
        }
        let planes = image.resampledPlanes(width: 16, height: 16)
        var mean: Float = 0
        let h = dimension - 256
        if hellinger { for i in 0..<h { out[i] = out[i].squareRoot() } }
        for i in 0..<256 {
            out[h + i] = 0.299 * planes[0][i] + 0.587 * planes[1][i] + 0.114 * planes[2][i]
            mean += out[h + i] / 256
        }
        for i in 0..<256 { out[h + i] -= mean }
        DescriptorMath.l2Normalise(&out, 0..<h)
        DescriptorMath.l2Normalise(&out, h..<dimension)
        DescriptorMath.l2Normalise(&out, 0..<dimension)
        return out
    }
}
