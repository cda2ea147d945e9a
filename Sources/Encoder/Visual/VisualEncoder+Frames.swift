extension VisualEncoder {
    /// One vector for several images of one appearance (the key frames of a video or live stream):
    /// the mean of their descriptors, L2-normalised. Returns nil for no images.
    public func encode(frames images: [RGBImage]) -> [Float]? {
        guard !images.isEmpty else { return nil }
        var sum = [Float](repeating: 0, count: dimension)
        for image in images {
            let v = encode(image)
            for i in 0..<dimension { sum[i] += v[i] }
        }
        DescriptorMath.l2Normalise(&sum, 0..<dimension)
        return sum
    }
}
