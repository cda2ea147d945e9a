/// The whole visual branch for one appearance: encoded images (JPEG/PNG bytes, as they arrive in
/// `images` or `frames`) in, one L2-normalised vector out (the mean of the per-image descriptors).
///
/// Stateless and `Sendable`; the work is CPU-bound (about a millisecond or two per image), so the
/// encoder actor calls it on its own queue, never on the Swift concurrency pool.
public struct VisualBranch: Sendable {
    /// Decodes and bounds each input.
    public let decoder: ImageDecoder
    /// Describes each decoded image.
    public let encoder: any VisualEncoder
    /// `minSide` passed to the decoder (libjpeg DCT scaling); 0 decodes at full size.
    public let decodeSide: Int

    /// Creates the branch; by default the `PyramidDescriptor` with its recommended decode side.
    public init(decoder: ImageDecoder = ImageDecoder(), encoder: any VisualEncoder = PyramidDescriptor(),
                decodeSide: Int? = nil) {
        self.decoder = decoder
        self.encoder = encoder
        self.decodeSide = decodeSide ?? (encoder as? PyramidDescriptor)?.recommendedDecodeSide ?? 0
    }

    /// Length of the vectors `encode` returns.
    public var dimension: Int { encoder.dimension }

    /// One vector for all `images` (nil when there are none). Every image must decode: the first that
    /// does not is reported with its position, so the API can say which one (422).
    public func encode(_ images: [[UInt8]]) throws(VisualBranchError) -> [Float]? {
        var decoded: [RGBImage] = []
        decoded.reserveCapacity(images.count)
        for (index, bytes) in images.enumerated() {
            do {
                decoded.append(try decoder.decode(bytes, minSide: decodeSide))
            } catch {
                throw VisualBranchError(index: index, reason: error)
            }
        }
        return encoder.encode(frames: decoded)
    }
}

/// An image of a request that could not be decoded: which one, and why.
public struct VisualBranchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Position of the image in the request's list.
    public let index: Int
    /// The decoder's reason.
    public let reason: ImageDecodingError

    /// E.g. `images[1]: image data is corrupt: PNG: CRC mismatch in IDAT`.
    public var description: String { "images[\(index)]: \(reason)" }
}
