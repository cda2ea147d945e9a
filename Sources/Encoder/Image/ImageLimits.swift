/// Bounds applied to every image before (and while) decoding it, so that a hostile or broken upload
/// costs bounded memory and time.
public struct ImageLimits: Sendable, Equatable {
    /// Largest accepted width, in pixels.
    public var maxWidth: Int
    /// Largest accepted height, in pixels.
    public var maxHeight: Int
    /// Largest accepted `width * height`; bounds the decoded buffer (3 bytes per pixel).
    public var maxPixels: Int
    /// Largest accepted encoded (compressed) input, in bytes.
    public var maxEncodedBytes: Int

    /// Creates limits; the defaults accept phone photos (up to 8192 px a side, 40 MP, 20 MiB encoded).
    public init(maxWidth: Int = 8192, maxHeight: Int = 8192, maxPixels: Int = 40_000_000,
                maxEncodedBytes: Int = 20 << 20) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxPixels = maxPixels
        self.maxEncodedBytes = maxEncodedBytes
    }

    /// The default limits.
    public static let standard = ImageLimits()

    /// Throws `.tooLarge` when `width x height` is outside these limits (or not positive).
    func check(width: Int, height: Int) throws(ImageDecodingError) {
        guard width > 0, height > 0, width <= maxWidth, height <= maxHeight,
              width.multipliedReportingOverflow(by: height).partialValue <= maxPixels,
              !width.multipliedReportingOverflow(by: height).overflow
        else { throw .tooLarge(width: width, height: height) }
    }
}
