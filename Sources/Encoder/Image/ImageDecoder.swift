/// Decodes JPEG or PNG bytes into an `RGBImage`, chosen by magic bytes, under `ImageLimits`.
///
/// Stateless and thread-safe; decoding is CPU work, so callers run it on the encoder's own queue.
public struct ImageDecoder: Sendable {
    /// The limits every input is checked against.
    public let limits: ImageLimits

    /// Creates a decoder enforcing `limits`.
    public init(limits: ImageLimits = .standard) {
        self.limits = limits
    }

    /// Decodes `bytes` at full resolution.
    public func decode(_ bytes: [UInt8]) throws(ImageDecodingError) -> RGBImage {
        try decode(bytes, minSide: 0)
    }

    /// Decodes `bytes`; when `minSide > 0` a JPEG may come back reduced by 2, 4 or 8 (libjpeg's DCT scaling)
    /// as long as its shorter side stays at least `minSide`. Callers that resize to a small canonical size
    /// anyway save most of the decoding time this way. PNGs always come back at full size.
    public func decode(_ bytes: [UInt8], minSide: Int) throws(ImageDecodingError) -> RGBImage {
        guard bytes.count <= limits.maxEncodedBytes else {
            throw .tooManyBytes(count: bytes.count, limit: limits.maxEncodedBytes)
        }
        switch ImageFormat.sniff(bytes) {
        case .jpeg:
            return try JPEGDecoder(limits: limits).decode(bytes, minSide: minSide)
        case .png:
            return try PNGDecoder(limits: limits).decode(bytes)
        case nil:
            throw .unsupportedFormat
        }
    }
}
