/// Why an image could not be decoded. Every case is the client's fault (the API maps them all to 422),
/// so each carries a sentence fit for the error body; none carries image bytes.
public enum ImageDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes start with neither the JPEG nor the PNG signature.
    case unsupportedFormat
    /// The encoded input is larger than `ImageLimits.maxEncodedBytes`.
    case tooManyBytes(count: Int, limit: Int)
    /// The header declares dimensions over `ImageLimits` (checked before any pixel is decoded).
    case tooLarge(width: Int, height: Int)
    /// The compressed pixel data inflates to more (or less) than the header implies: a decompression bomb
    /// or a damaged stream.
    case sizeMismatch(expected: Int, actual: Int)
    /// The data is damaged, truncated or violates the format; the message says where.
    case corrupt(String)

    /// A stable snake_case code for the API's error body (all of them are answered with 422).
    public var code: String {
        switch self {
        case .unsupportedFormat: return "unsupported_image_format"
        case .tooManyBytes, .tooLarge: return "image_too_large"
        case .sizeMismatch: return "image_size_mismatch"
        case .corrupt: return "corrupt_image"
        }
    }

    /// A human sentence for the API's error body.
    public var description: String {
        switch self {
        case .unsupportedFormat:
            return "image is neither JPEG nor PNG"
        case .tooManyBytes(let count, let limit):
            return "encoded image is \(count) bytes, over the limit of \(limit)"
        case .tooLarge(let width, let height):
            return "image is \(width)x\(height) pixels, over the size limit"
        case .sizeMismatch(let expected, let actual) where actual > expected:
            return "image data inflates to more than the \(expected) bytes its header implies"
        case .sizeMismatch(let expected, let actual):
            return "image data inflates to \(actual) bytes where its header implies \(expected)"
        case .corrupt(let why):
            return "image data is corrupt: \(why)"
        }
    }
}
