extension APIError {
    /// Every error code the API can answer with, and (in `status`) the single code → status table.
    /// Add a case here and nowhere else; openapi.yaml's `ErrorCode` enum lists the same strings.
    package enum Code: String, CaseIterable, Sendable {
        /// Malformed request or field (generic).
        case badRequest = "bad_request"
        /// The body is not valid JSON or not the expected shape.
        case invalidJSON = "invalid_json"
        /// A field is missing or has an invalid value.
        case invalidField = "invalid_field"
        /// A required field is absent.
        case missingField = "missing_field"
        /// A product id is not 1-128 characters of `[A-Za-z0-9._:-]`.
        case invalidID = "invalid_id"
        /// A search names none of text, asr, images, vector, like.
        case emptyQuery = "empty_query"
        /// A query vector has the wrong dimension or non-finite values.
        case invalidVector = "invalid_vector"
        /// An image field is not base64.
        case invalidImage = "invalid_image"
        /// More examples (positive, negative, history) than one recommendation may carry.
        case tooManyExamples = "too_many_examples"
        /// Missing or wrong API key.
        case unauthorized = "unauthorized"
        /// The API key is valid but its role does not allow this route (a read key on a write route).
        case forbidden = "forbidden"
        /// Unknown id.
        case notFound = "not_found"
        /// Method not supported on this route.
        case methodNotAllowed = "method_not_allowed"
        /// The client took too long to send its request.
        case requestTimeout = "request_timeout"
        /// Conflicting state.
        case conflict = "conflict"
        /// Body larger than the route accepts.
        case payloadTooLarge = "payload_too_large"
        /// A text field is longer than its limit.
        case fieldTooLarge = "field_too_large"
        /// More images than a product or query may carry.
        case tooManyImages = "too_many_images"
        /// More items than one request may carry (a batch).
        case tooManyItems = "too_many_items"
        /// Request target too long.
        case uriTooLong = "uri_too_long"
        /// Wrong `Content-Type`.
        case unsupportedMediaType = "unsupported_media_type"
        /// Unsupported `Expect` header.
        case expectationFailed = "expectation_failed"
        /// Well-formed but unusable input (e.g. an undecodable image).
        case unprocessable = "unprocessable"
        /// An image is neither JPEG nor PNG.
        case unsupportedImageFormat = "unsupported_image_format"
        /// An image's bytes, dimensions or pixel count exceed the limits (checked before decoding pixels).
        case imageTooLarge = "image_too_large"
        /// A PNG inflates to more (or less) than its header implies: a decompression bomb or a damaged stream.
        case imageSizeMismatch = "image_size_mismatch"
        /// Image data is damaged or truncated.
        case corruptImage = "corrupt_image"
        /// Rate limited.
        case tooManyRequests = "too_many_requests"
        /// Header section too large.
        case headersTooLarge = "headers_too_large"
        /// Unexpected server failure.
        case internalError = "internal_error"
        /// Unsupported transfer coding.
        case notImplemented = "not_implemented"
        /// A dependency is not ready (still loading).
        case notReady = "not_ready"
        /// Overloaded or shutting down.
        case unavailable = "unavailable"
        /// The database cannot be written (disk full, read-only); reads keep working.
        case storageUnavailable = "storage_unavailable"
        /// An upstream (LLM) call timed out.
        case upstreamTimeout = "upstream_timeout"
        /// HTTP version other than 1.0/1.1.
        case httpVersionNotSupported = "http_version_not_supported"

        /// The status for this code: the one mapping table of the service.
        package var status: Int {
            switch self {
            // A field over its own limit is a validation error like any other (400); 413 is for a body over the
            // route's limit, decided before the body is read.
            case .badRequest, .invalidJSON, .invalidField, .missingField, .invalidID, .emptyQuery, .invalidVector,
                 .invalidImage, .fieldTooLarge, .tooManyImages, .tooManyItems, .tooManyExamples: 400
            case .unauthorized: 401
            case .forbidden: 403
            case .notFound: 404
            case .methodNotAllowed: 405
            case .requestTimeout: 408
            case .conflict: 409
            case .payloadTooLarge: 413
            case .uriTooLong: 414
            case .unsupportedMediaType: 415
            case .expectationFailed: 417
            case .unprocessable, .unsupportedImageFormat, .imageTooLarge, .imageSizeMismatch, .corruptImage: 422
            case .tooManyRequests: 429
            case .headersTooLarge: 431
            case .internalError: 500
            case .notImplemented: 501
            case .notReady, .unavailable, .storageUnavailable: 503
            case .upstreamTimeout: 504
            case .httpVersionNotSupported: 505
            }
        }
    }
}
