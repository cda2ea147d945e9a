/// A failure of the retrieval services or of validating their input: a typed code and a message safe to show.
///
/// The code is the contract: API maps every case to its HTTP status with one exhaustive switch
/// (`APIError.Code.init(_:)`), so a new case does not compile until it has a status.
///
/// ```swift
/// throw RetrievalError.invalid(code: .invalidVector, message: "vector has 3 dimensions; the index has 512")
/// ```
public struct RetrievalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every code the retrieval layer can fail with (snake_case on the wire).
    public enum Code: String, Sendable, CaseIterable {
        /// The body is not valid JSON or not the expected shape.
        case invalidJSON = "invalid_json"
        /// A field has a wrong type or an invalid value.
        case invalidField = "invalid_field"
        /// A required field is absent.
        case missingField = "missing_field"
        /// A product id is not 1-128 characters of `[A-Za-z0-9._:-]`.
        case invalidID = "invalid_id"
        /// A query names none of its inputs.
        case emptyQuery = "empty_query"
        /// A query vector has the wrong dimension or non-finite values.
        case invalidVector = "invalid_vector"
        /// An image field is not base64.
        case invalidImage = "invalid_image"
        /// A text field is longer than its limit.
        case fieldTooLarge = "field_too_large"
        /// More images than a product or query may carry.
        case tooManyImages = "too_many_images"
        /// More examples (positive, negative, history) than one recommendation may carry.
        case tooManyExamples = "too_many_examples"
        /// More items than one request may carry (a batch).
        case tooManyItems = "too_many_items"
        /// Well-formed but unusable input.
        case unprocessable = "unprocessable"
        /// An image is neither JPEG nor PNG.
        case unsupportedImageFormat = "unsupported_image_format"
        /// An image's bytes, dimensions or pixel count exceed the limits.
        case imageTooLarge = "image_too_large"
        /// A PNG inflates to more (or less) than its header implies.
        case imageSizeMismatch = "image_size_mismatch"
        /// Image data is damaged or truncated.
        case corruptImage = "corrupt_image"
        /// No product with this id.
        case notFound = "not_found"
        /// The service is still starting, or a dependency is not configured.
        case notReady = "not_ready"
        /// The database cannot be written (disk full, read-only); reads keep working.
        case storageUnavailable = "storage_unavailable"
        /// An upstream dependency timed out.
        case upstreamTimeout = "upstream_timeout"
        /// Anything else.
        case internalError = "internal_error"
    }

    /// What went wrong, as a stable code (`kind.rawValue` is the wire code).
    public var kind: Code
    /// The human-readable message.
    public var message: String

    /// Creates an error.
    public init(_ kind: Code, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(kind.rawValue): \(message)" }

    /// A field is missing, of the wrong type or out of range.
    public static func invalid(code: Code = .invalidField, message: String) -> RetrievalError { .init(code, message) }
    /// A field is larger than its configured limit.
    public static func tooLarge(code: Code = .fieldTooLarge, message: String) -> RetrievalError { .init(code, message) }
    /// Well-formed but unusable input, such as an undecodable image.
    public static func unprocessable(code: Code = .unprocessable, message: String) -> RetrievalError { .init(code, message) }
    /// No product with this id.
    public static func notFound(message: String) -> RetrievalError { .init(.notFound, message) }
    /// The service is still starting.
    public static func notReady(message: String) -> RetrievalError { .init(.notReady, message) }
    /// The database cannot be written.
    public static func storageUnavailable(message: String) -> RetrievalError { .init(.storageUnavailable, message) }
    /// An upstream dependency timed out.
    public static func upstreamTimeout(message: String) -> RetrievalError { .init(.upstreamTimeout, message) }
    /// Anything else; the message is safe to show.
    public static func internalError(message: String) -> RetrievalError { .init(.internalError, message) }
}
