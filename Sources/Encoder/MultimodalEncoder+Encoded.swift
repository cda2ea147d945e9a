extension MultimodalEncoder {
    /// The fused vector of one appearance whose images are still encoded (JPEG/PNG bytes, as they arrive in
    /// requests). Decoding runs here, on the encoder's queue, like the rest of the CPU work.
    public func embed(texts: [String]?, encodedImages: [[UInt8]], branch: VisualBranch,
                      maxTokens: Int? = nil) throws -> FusedEmbedding {
        var decoded: [RGBImage] = []
        decoded.reserveCapacity(encodedImages.count)
        for (index, bytes) in encodedImages.enumerated() {
            do {
                decoded.append(try branch.decoder.decode(bytes, minSide: branch.decodeSide))
            } catch {
                throw VisualBranchError(index: index, reason: error)
            }
        }
        return try embed(texts: texts, images: decoded, maxTokens: maxTokens)
    }
}
